/*
 * Golden-file tests: the generated tree of representative inputs, byte for byte. After an intended
 * change of the output, regenerate the files and review the diff:
 *   UPDATE_GOLDEN=1 CI=true npx backstage-cli package test src/generator/golden.test.ts
 */
import fs from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generateAndValidate, RepoLocation, ServiceInput } from '../testUtils';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'golden');
const repo: RepoLocation = {
  cloneUrl: 'https://github.com/acme/shop-services.git',
  sourceLocation: 'url:https://github.com/acme/shop-services/tree/main/',
  manifestsLocation:
    'url:https://github.com/acme/shop-services/tree/main/deploy',
};
const common = {
  owner: 'group:default/shop-team',
  system: 'system:default/shop',
  repoUrl: repo.cloneUrl,
};

const cases: Record<string, ServiceInput> = {
  'internal-only': {
    ...common,
    name: 'inventory',
    description: 'Stock levels per warehouse',
    allowedCallers: ['shop', 'frontend/web'],
    environments: [{ name: 'dev', namespace: 'inventory-dev' }],
  },
  'gateway-self-signed-tls': {
    ...common,
    name: 'storefront',
    exposure: 'gateway',
    hosts: ['shop.example.com', '*.shop.example.com'],
    gatewayTls: 'self-signed',
    environments: [{ name: 'dev' }],
  },
  'gateway-shared-ingress': {
    ...common,
    name: 'checkout',
    exposure: 'gateway',
    gatewayMode: 'shared-ingress',
    hosts: ['checkout.example.com'],
    environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod' }],
  },
  'gateway-api-canary': {
    ...common,
    name: 'search',
    exposure: 'gateway',
    hosts: ['search.example.com'],
    hostPattern: '{label}.{env}.{domain}',
    gatewayTls: 'existing-secret',
    tlsSecretName: 'search-tls',
    timeoutSeconds: 2.5,
    canary: {
      stableVersion: 'v1',
      stableWeight: 90,
      canaryVersion: 'v2',
      canaryWeight: 10,
    },
    environments: [
      { name: 'dev' },
      { name: 'prod', cluster: 'https://prod.k8s.example.com' },
    ],
    argocdProject: 'search',
    createAppProject: true,
  },
  canary: {
    ...common,
    name: 'checkout',
    protocol: 'GRPC',
    port: 9090,
    mtlsMode: 'PERMISSIVE',
    retries: 0,
    outlierDetection: false,
    canary: {
      stableVersion: 'v1',
      stableWeight: 80,
      canaryVersion: 'v2',
      canaryWeight: 20,
    },
    environments: [{ name: 'dev' }],
  },
  'three-environments': {
    ...common,
    name: 'payments',
    image: 'ghcr.io/acme/payments:2.3.1',
    namespace: 'pay',
    environments: [
      { name: 'dev' },
      { name: 'staging', cluster: 'staging-eu' },
      {
        name: 'prod',
        namespace: 'payments',
        cluster: 'https://prod.k8s.example.com',
      },
    ],
    argocdProject: 'payments',
    createAppProject: true,
    syncPolicy: { automated: false },
  },
};

function readTree(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('golden files', () => {
  it.each(Object.keys(cases))('%s', async name => {
    const { files, findings } = await generateAndValidate(cases[name], repo);
    expect(findings).toEqual([]);
    const actual = Object.fromEntries(files.map(f => [f.path, f.content]));
    const dir = join(FIXTURES, name);
    if (process.env.UPDATE_GOLDEN) {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const [path, content] of Object.entries(actual)) {
        fs.mkdirSync(dirname(join(dir, path)), { recursive: true });
        fs.writeFileSync(join(dir, path), content);
      }
    }
    const expected = readTree(dir);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const path of Object.keys(expected)) {
      expect({ path, content: actual[path] }).toEqual({
        path,
        content: expected[path],
      });
    }
  });
});
