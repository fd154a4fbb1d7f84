import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse } from 'msw';
import request from 'supertest';
import fs from 'node:fs';
import { join, relative } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  fixtures,
  useUpstreams,
  upstreamConfig,
  UPSTREAMS,
} from './__testUtils__/upstreams';
import { MAX_MANIFEST_BYTES } from './services/git';
import { serviceMeshPlugin } from './plugin';

// What an entity's manifests annotation may make the backend read and echo (issue 11, findings 3 and 5).
jest.setTimeout(30_000);

const upstreams = useUpstreams();

const OWN_REPO = 'https://github.com/acme/checkout';
const SECRET = 'password: hunter2-do-not-echo';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `url:${OWN_REPO}/blob/main/catalog-info.yaml`,
        'meshport.io/workload': 'checkout',
        'kiali.io/namespace': 'shop',
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** A URL reader that serves `text` for any file or tree, and records what was asked. */
function reader(text: string | Buffer) {
  const content = async () => Buffer.from(text);
  return {
    readUrl: jest.fn(async () => ({ buffer: content })),
    readTree: jest.fn(async () => ({
      etag: 'e',
      files: async () => [{ path: 'mesh.yaml', content }],
      archive: async () => Promise.reject(new Error('unused')),
      dir: async () => Promise.reject(new Error('unused')),
    })),
  };
}

async function status(
  entities: Entity[],
  urls: ReturnType<typeof reader>,
  config = upstreamConfig(),
) {
  const { server } = await startTestBackend({
    features: [
      serviceMeshPlugin,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({ entities }),
      mockServices.urlReader.mock(urls as any).factory,
      mockServices.permissions.factory(),
    ],
  });
  return (name: string) =>
    request(server)
      .get(`/api/service-mesh/entities/component/default/${name}/status`)
      .set('Authorization', mockCredentials.user.header());
}

describe('manifests read for an entity', () => {
  it("refuses a URL outside the entity's repository without reading it, even when another entity's read is cached", async () => {
    const foreign = 'https://github.com/acme/payments/tree/main/deploy';
    const urls = reader('kind: Secret');
    const get = await status(
      [
        component('payments', {
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/payments/blob/main/catalog-info.yaml',
          'meshport.io/manifests': `url:${foreign}`,
        }),
        component('mallory', { 'meshport.io/manifests': `url:${foreign}` }),
      ],
      urls,
    );
    expect((await get('payments')).body.findings.state).toBe('ok');
    expect(urls.readTree).toHaveBeenCalledTimes(1);

    const res = await get('mallory');
    expect(res.status).toBe(200);
    expect(res.body.findings).toEqual({
      source: 'git',
      state: 'not-configured',
      message: `Meshport reads manifests only from the entity's own repository, and meshport.io/manifests points at ${foreign}, outside ${OWN_REPO}, where the catalog read the entity from: move the manifests into that repository, or add their URL to serviceMesh.manifests.allowedUrls`,
    });
    expect(urls.readTree).toHaveBeenCalledTimes(1);
    expect(urls.readUrl).not.toHaveBeenCalled();
  });

  it('reads an allow-listed URL', async () => {
    const shared = 'https://github.com/acme/platform/tree/main/checkout';
    const urls = reader('');
    const get = await status(
      [component('checkout', { 'meshport.io/manifests': `url:${shared}` })],
      urls,
      upstreamConfig({
        manifests: { allowedUrls: ['https://github.com/acme/platform'] },
      }),
    );
    expect((await get('checkout')).body.findings.state).toBe('ok');
    expect(urls.readTree).toHaveBeenCalledWith(shared, expect.anything());
  });

  it("never quotes a file's content in a finding", async () => {
    const get = await status(
      [
        component('checkout', {
          'meshport.io/manifests': `url:${OWN_REPO}/tree/main/deploy`,
        }),
      ],
      reader(`${SECRET}\n  token: [x\n`),
    );
    const res = await get('checkout');
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(res.body.findings.data).toContainEqual({
      rule: 'manifest-unparsable',
      severity: 'info',
      object: { kind: 'File', name: 'mesh.yaml' },
      message:
        'mesh.yaml is not plain Kubernetes YAML and was skipped: document 1: invalid YAML (BLOCK_AS_IMPLICIT_KEY) at line 1, column 11',
      fix: expect.any(String),
    });
  });

  it('refuses a single manifests file over the size cap', async () => {
    const file = `${OWN_REPO}/blob/main/deploy/mesh.yaml`;
    const urls = reader(Buffer.alloc(3 * 1024 * 1024, '#'));
    const get = await status(
      [component('checkout', { 'meshport.io/manifests': `url:${file}` })],
      urls,
    );
    const res = await get('checkout');
    expect(urls.readUrl).toHaveBeenCalledTimes(1);
    expect(res.body.findings).toEqual({
      source: 'git',
      state: 'bad-answer',
      message: `The manifests at ${file} exceed ${MAX_MANIFEST_BYTES} bytes; point meshport.io/manifests at the deploy directory`,
    });
  });
});

describe('Prometheus errors', () => {
  it('masks the token a 200 "status: error" answer echoes', async () => {
    const { token, baseUrl } = UPSTREAMS.prometheus;
    upstreams.server.use(
      http.all(`${baseUrl}/api/v1/query`, () =>
        HttpResponse.json({
          status: 'error',
          errorType: 'internal',
          error: `upstream said: Authorization: Bearer ${token}`,
        }),
      ),
    );
    const get = await status(
      [component('checkout', { 'argocd/app-name': 'checkout-prod' })],
      reader(''),
    );
    const res = await get('checkout');
    expect(JSON.stringify(res.body)).not.toContain(token);
    expect(res.body.environments[0].signals).toMatchObject({
      source: 'prometheus',
      state: 'bad-answer',
      message:
        'Prometheus gave an answer Meshport could not use: internal: upstream said: Authorization: Bearer ***',
    });
  });

  it("shows a repository generated before issue 12 its gateway's certificate problem (findings of the tab)", async () => {
    // deploy/base of a repository Meshport generated before issue 12: the Certificate beside an Istio
    // Gateway on the shared ingress pods, which read it from istio-system.
    const urls = reader(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: storefront-gateway }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 443, name: https, protocol: HTTPS }
      hosts: [shop.example.com]
      tls: { mode: SIMPLE, credentialName: storefront-gateway-tls }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: storefront-gateway-tls }
spec:
  secretName: storefront-gateway-tls
  dnsNames: [shop.example.com]
  issuerRef: { name: storefront-selfsigned, kind: Issuer }
`);
    const get = await status(
      [
        component('checkout', {
          'meshport.io/manifests': `url:${OWN_REPO}/tree/main/deploy`,
        }),
      ],
      urls,
    );
    const res = await get('checkout');
    expect(res.status).toBe(200);
    expect(
      res.body.findings.data.filter(
        (f: { rule: string }) => f.rule === 'gateway-credential-namespace',
      ),
    ).toEqual([
      {
        rule: 'gateway-credential-namespace',
        severity: 'error',
        object: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          name: 'storefront-gateway',
        },
        message:
          'servers[0] names credentialName "storefront-gateway-tls", which Certificate storefront-gateway-tls creates in namespace default; Istio reads it from istio-system, where the pods of this Gateway run, so the gateway has no certificate for HTTPS.',
        fix: 'Create the Certificate (or Secret) storefront-gateway-tls in istio-system, or use the Kubernetes Gateway API (gatewayClassName: istio), whose gateway runs next to its certificate.',
      },
    ]);
  });
});

describe('an existing repository with kustomize overlays (issue 12, defects 12 and 13)', () => {
  const DEPLOY = resolvePackagePath(
    '@meshport/plugin-service-mesh-backend',
    'src/__fixtures__/existing-repo/deploy',
  );
  /** The URL reader serving the fixture's deploy/ tree (README beside it), as GitHub's reader does. */
  function repoReader() {
    const files = fs
      .readdirSync(DEPLOY, { recursive: true, withFileTypes: true })
      .filter(e => e.isFile())
      .map(e => join(e.parentPath, e.name));
    return {
      readUrl: jest.fn(),
      readTree: jest.fn(async () => ({
        etag: 'e',
        files: async () =>
          files.map(path => ({
            path: relative(DEPLOY, path),
            content: async () => fs.readFileSync(path),
          })),
        archive: async () => Promise.reject(new Error('unused')),
        dir: async () => Promise.reject(new Error('unused')),
      })),
    };
  }

  /** An Argo CD application (the captured checkout-prod) deploying overlays/<env> to `destination`. */
  function app(env: string, destination: Record<string, string>) {
    const base = fixtures.checkoutProd();
    return {
      ...base,
      metadata: {
        ...base.metadata,
        name: `checkout-${env}`,
        labels: { ...base.metadata.labels, 'meshport.io/environment': env },
      },
      spec: {
        ...base.spec,
        source: {
          ...base.spec.source,
          repoURL: `${OWN_REPO}.git`,
          path: `deploy/overlays/${env}`,
        },
        destination: {
          ...destination,
          namespace: env === 'prod' ? 'shop' : `shop-${env}`,
        },
      },
      status: { ...base.status, resources: [] },
    };
  }

  /** The status findings of checkout when the prod Argo CD instance deploys `apps`. */
  async function findingsWith(apps: unknown[]) {
    upstreams.server.use(
      http.get(`${UPSTREAMS.argoProd.url}/api/v1/applications`, () =>
        HttpResponse.json({ metadata: {}, items: apps }),
      ),
      http.get(`${UPSTREAMS.argoStaging.url}/api/v1/applications`, () =>
        HttpResponse.json({ metadata: {}, items: null }),
      ),
      http.get(
        `${UPSTREAMS.argoProd.url}/api/v1/applications/:name/resource-tree`,
        () => HttpResponse.json({ nodes: [] }),
      ),
    );
    const get = await status(
      [
        component('checkout', {
          'argocd/app-selector': 'app.kubernetes.io/name=checkout',
          'meshport.io/manifests': `url:${OWN_REPO}/tree/main/deploy`,
        }),
      ],
      repoReader(),
    );
    const res = await get('checkout');
    expect(res.status).toBe(200);
    expect(res.body.findings.state).toBe('ok');
    return res.body.findings.data as Array<{
      rule: string;
      object: { name: string; namespace?: string };
      message: string;
    }>;
  }

  const IN_CLUSTER = { server: 'https://kubernetes.default.svc' };
  const gatewayRules = (findings: Awaited<ReturnType<typeof findingsWith>>) =>
    findings
      .filter(f => /^gateway-/.test(f.rule))
      .map(f => `${f.rule} ${f.object.namespace}/${f.object.name}`);

  it('shows the gateway conflict of two environments on one cluster that keep the same host', async () => {
    const findings = await findingsWith([
      app('staging', IN_CLUSTER),
      app('prod', { name: 'in-cluster' }),
    ]);
    expect(gatewayRules(findings)).toEqual([
      // Each environment's certificate is written in its own namespace, not in istio-system.
      'gateway-credential-namespace shop-staging/checkout-gateway',
      'gateway-credential-namespace shop/checkout-gateway',
      'gateway-conflict shop/checkout-gateway',
    ]);
    expect(findings.find(f => f.rule === 'gateway-conflict')?.message).toBe(
      'Gateway shop/checkout-gateway serves checkout.example.com on port 443 of the pods selected by istio=ingressgateway, as Gateway shop-staging/checkout-gateway does for checkout.example.com: Istio keeps only one of them, so traffic for one may reach the other.',
    );
    expect(
      findings.find(f => f.rule === 'gateway-credential-namespace')?.message,
    ).toBe(
      'servers[0] names credentialName "checkout-tls", which Certificate checkout-tls creates in namespace shop-staging; Istio reads it from istio-system, where the pods of this Gateway run, so the gateway has no certificate for HTTPS.',
    );
  });

  it('shows no conflict when the environments on one cluster have their own hosts', async () => {
    const findings = await findingsWith([
      app('dev', IN_CLUSTER),
      app('prod', IN_CLUSTER),
    ]);
    expect(gatewayRules(findings)).toEqual([
      'gateway-credential-namespace shop-dev/checkout-gateway',
      'gateway-credential-namespace shop/checkout-gateway',
    ]);
  });

  it('shows no conflict between environments on different clusters', async () => {
    const findings = await findingsWith([
      app('staging', { name: 'east' }),
      app('prod', { server: 'https://west.example.com:6443' }),
    ]);
    expect(gatewayRules(findings)).toEqual([
      'gateway-credential-namespace shop-staging/checkout-gateway',
      'gateway-credential-namespace shop/checkout-gateway',
    ]);
    expect(findings.filter(f => f.rule === 'kustomize-not-rendered')).toEqual(
      [],
    );
  });
});
