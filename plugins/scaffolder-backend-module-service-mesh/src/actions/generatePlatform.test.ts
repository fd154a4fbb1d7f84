import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createGeneratePlatformAction } from './generatePlatform';
import { platformExamples } from './generatePlatform.examples';

const workspace = createMockDirectory();
const generate = createGeneratePlatformAction({
  config: { localPublish: { directory: '/srv/repos', defaultBranch: 'main' } },
});
// Template inputs arrive unparsed (defaults not applied), as the scaffolder passes them.
const action = {
  handler: (ctx: ReturnType<typeof createMockActionContext>) =>
    generate.handler(ctx as unknown as Parameters<typeof generate.handler>[0]),
};

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory()
        ? listFiles(dir, join(prefix, e.name))
        : [join(prefix, e.name)],
    )
    .sort();
}

const minimal = {
  name: 'mesh',
  owner: 'group:default/platform-team',
  clusters: [{ name: 'prod' }],
  repoUrl: 'https://github.com/acme/mesh-platform.git',
};

async function run(input: unknown) {
  const ctx = createMockActionContext({
    input: input as never,
    workspacePath: workspace.path,
  });
  await action.handler(ctx);
  return ctx;
}

describe('meshport:platform:generate', () => {
  beforeEach(() => workspace.clear());

  it.each(
    platformExamples.map((e, i) => [i, e.description, e.example] as const),
  )('runs example %i (%s)', async (_i, _description, example) => {
    const input = parse(example).steps[0].input;
    const ctx = await run(input);
    const written = listFiles(workspace.path);
    const apps = written.filter(f => /^argocd\/apps\/[^/]+\//.test(f));
    // Every cluster gets the same Applications.
    const clusters = input.clusters.map((c: { name: string }) => c.name);
    expect([...new Set(apps.map(f => f.split('/')[2]))]).toEqual(clusters);
    expect(written).toEqual(
      expect.arrayContaining([
        'README.md',
        'catalog-info.yaml',
        'meshport-config.yaml',
        'argocd/root.yaml',
        'argocd/apps/project-platform.yaml',
        'argocd/apps/project-services.yaml',
        `argocd/apps/${clusters[0]}/istiod.yaml`,
        'platform/mesh-ca/root-ca-issuer.yaml',
        'platform/mesh-policy/peerauthentication.yaml',
      ]),
    );
    const files = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'files',
    )![1] as string[];
    expect(files.slice().sort()).toEqual(written);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      `system:default/${input.name}`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'rootApplicationPath',
      'argocd/root.yaml',
    );
  });

  it('writes into targetPath and reports the paths there', async () => {
    const ctx = await run({ ...minimal, targetPath: 'platform-repo' });
    expect(fs.existsSync(join(workspace.path, 'platform-repo/README.md'))).toBe(
      true,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      'platform-repo/catalog-info.yaml',
    );
  });

  it('points the Applications at the local repository when publishing locally', async () => {
    await run({ ...minimal, repoUrl: '', localRepository: 'mesh' });
    const ca = parse(
      fs.readFileSync(
        join(workspace.path, 'argocd/apps/prod/mesh-ca.yaml'),
        'utf8',
      ),
    );
    expect(ca.spec.source.repoURL).toBe('file:///srv/repos/mesh');
  });

  it.each([
    [
      'a cluster name that is not a DNS label',
      { clusters: [{ name: 'Prod;rm -rf /' }] },
      'clusters.0.name: must be a DNS-1123 label',
    ],
    [
      'a cluster server with a query',
      { clusters: [{ name: 'prod', server: 'https://k8s.example.com/?x=1' }] },
      'clusters.0.server: must be an https:// API server URL or an Argo CD cluster name',
    ],
    [
      'two clusters of one name',
      { clusters: [{ name: 'prod' }, { name: 'prod' }] },
      'clusters.1.name: "prod" is already used by another cluster',
    ],
    [
      'an environment on a cluster the platform does not have',
      { environments: [{ name: 'dev', cluster: 'staging' }] },
      'environments.0.cluster: "staging" is not one of the clusters (prod)',
    ],
    [
      'two environments of one name',
      {
        environments: [
          { name: 'dev', cluster: 'prod' },
          { name: 'dev', cluster: 'prod' },
        ],
      },
      'environments.1.name: "dev" is already used by another environment',
    ],
    [
      'an Istio version without a fixture',
      { istioVersion: '1.29.6; curl evil' },
      'istioVersion: must be one of 1.29.6, 1.30.3',
    ],
    [
      'a reused URL with credentials',
      {
        observability: {
          prometheus: { mode: 'reuse', url: 'http://admin:pw@prom:9090' },
        },
      },
      'observability.prometheus.url: must be an http(s) URL without credentials, query or fragment',
    ],
    [
      'a javascript: URL',
      {
        observability: {
          grafana: { mode: 'reuse', url: ['javascript', 'alert(1)'].join(':') },
        },
      },
      'observability.grafana.url: must be an http(s) URL',
    ],
    [
      'reuse without a URL',
      { observability: { kiali: { mode: 'reuse' } } },
      'observability.kiali.url: is required when mode is reuse',
    ],
    [
      'a URL with a newline',
      { argocdUrl: 'https://argocd.example.com/\nx: y' },
      'argocdUrl: must be an http(s) URL',
    ],
    [
      'an unknown CA root',
      { caRoot: 'global' },
      'caRoot: must be one of per-cluster, shared',
    ],
    [
      'a platform name too long',
      { name: 'a'.repeat(31) },
      'name: must be at most 30 characters',
    ],
    [
      'a targetPath outside the workspace',
      { targetPath: '../../etc' },
      'targetPath: must be a relative path inside the workspace',
    ],
    [
      'an unknown field',
      { caKey: '-----BEGIN PRIVATE KEY-----' },
      'input: unknown field(s) "caKey"',
    ],
  ])(
    'refuses %s, naming the field, and writes nothing',
    async (_, bad, problem) => {
      await expect(run({ ...minimal, ...bad })).rejects.toThrow(problem);
      expect(listFiles(workspace.path)).toEqual([]);
    },
  );
});
