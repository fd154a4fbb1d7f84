import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  analyzeManifests,
  parseManifests,
} from '@meshport/plugin-service-mesh-common';
import fs from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateService, GeneratedObjectInvalidError } from '../generator';
import { loadModels } from '../generator/models';
import { validateServiceInput } from '../spec/input';
import { createGenerateServiceAction } from './generate';
import { examples } from './generate.examples';

const workspace = createMockDirectory();
const generate = createGenerateServiceAction({
  config: {
    argocdBaseUrl: 'https://argocd.example.com',
    localPublish: { directory: '/srv/repos', defaultBranch: 'main' },
  },
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
  name: 'checkout',
  owner: 'group:default/checkout-team',
  environments: [{ name: 'dev' }],
  repoUrl: 'https://github.com/acme/checkout.git',
};

describe('meshport:service:generate', () => {
  beforeEach(() => workspace.clear());

  it.each(examples.map((e, i) => [i, e.description, e.example] as const))(
    'runs example %i (%s)',
    async (_i, _description, example) => {
      const input = parse(example).steps[0].input;
      const ctx = createMockActionContext({
        input,
        workspacePath: workspace.path,
      });
      const output = ctx.output;
      await action.handler(ctx);
      const written = listFiles(workspace.path);
      expect(written).toContain('catalog-info.yaml');
      expect(output).toHaveBeenCalledWith(
        'files',
        expect.arrayContaining(['catalog-info.yaml']),
      );
      // Every written Kubernetes manifest parses and, per environment, passes the analyzer.
      const objects = written
        .filter(
          f => f.startsWith('deploy/') && !f.endsWith('kustomization.yaml'),
        )
        .flatMap(f =>
          parseManifests(fs.readFileSync(join(workspace.path, f), 'utf8')),
        );
      expect(objects.length).toBeGreaterThan(8);
      const appNames = objects
        .filter(o => o.kind === 'Application')
        .map(o => o.metadata.name);
      expect(appNames.sort()).toEqual(
        input.environments
          .map((e: { name: string }) => `${input.name}-${e.name}`)
          .sort(),
      );
      for (const env of input.environments as Array<{
        name: string;
        namespace: string;
      }>) {
        const rendered = written
          .filter(
            f =>
              f.startsWith('deploy/base/') ||
              f.startsWith(`deploy/overlays/${env.name}/`),
          )
          .filter(f => !f.endsWith('kustomization.yaml'))
          .flatMap(f =>
            parseManifests(fs.readFileSync(join(workspace.path, f), 'utf8')),
          )
          .map(o =>
            // As the overlay renders it: objects naming their own namespace keep it.
            o.kind === 'Namespace' || o.metadata.namespace
              ? o
              : { ...o, metadata: { ...o.metadata, namespace: env.namespace } },
          );
        expect(rendered.find(o => o.kind === 'Namespace')?.metadata.name).toBe(
          env.namespace,
        );
        expect(analyzeManifests(rendered)).toEqual([]);
      }
      expect(output).toHaveBeenCalledWith(
        'applications',
        input.environments.map((e: { name: string; namespace: string }) => ({
          name: `${input.name}-${e.name}`,
          environment: e.name,
          namespace: e.namespace,
          url: `https://argocd.example.com/applications/argocd/${input.name}-${e.name}`,
        })),
      );
    },
  );

  it('writes the catalog entity with every annotation the plugins read', async () => {
    const ctx = createMockActionContext({
      input: {
        ...minimal,
        environments: [{ name: 'dev' }, { name: 'prod', namespace: 'shop' }],
        argocdProject: 'shop',
      },
      workspacePath: workspace.path,
    });
    const output = ctx.output;
    await action.handler(ctx);
    const entity = parse(
      fs.readFileSync(join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    );
    expect(entity.metadata.annotations).toEqual({
      'argocd/app-selector': 'app.kubernetes.io/name=checkout',
      'argocd/project-name': 'shop',
      'backstage.io/kubernetes-id': 'checkout',
      'meshport.io/workload': 'checkout',
      'meshport.io/manifests':
        'url:https://github.com/acme/checkout/tree/main/deploy',
      'kiali.io/namespace': 'checkout-dev,shop',
      'jaegertracing.io/service': 'checkout',
      'backstage.io/source-location':
        'url:https://github.com/acme/checkout/tree/main/',
    });
    const app = parse(
      fs.readFileSync(join(workspace.path, 'deploy/argocd/prod.yaml'), 'utf8'),
    );
    expect(app.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'checkout',
      'meshport.io/environment': 'prod',
    });
    expect(app.spec.source).toEqual({
      repoURL: 'https://github.com/acme/checkout.git',
      targetRevision: 'main',
      path: 'deploy/overlays/prod',
    });
    expect(output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/checkout',
    );
  });

  it('points a local repository at its file:// URL', async () => {
    await action.handler(
      createMockActionContext({
        input: { ...minimal, repoUrl: undefined, localRepository: 'checkout' },
        workspacePath: workspace.path,
      }),
    );
    const app = parse(
      fs.readFileSync(join(workspace.path, 'deploy/argocd/dev.yaml'), 'utf8'),
    );
    expect(app.spec.source.repoURL).toBe('file:///srv/repos/checkout');
    const entity = parse(
      fs.readFileSync(join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    );
    expect(entity.metadata.annotations['meshport.io/manifests']).toBe(
      'file:/srv/repos/checkout/deploy',
    );
    expect(
      entity.metadata.annotations['backstage.io/source-location'],
    ).toBeUndefined();
  });

  it('writes into targetPath and nowhere else', async () => {
    await action.handler(
      createMockActionContext({
        input: { ...minimal, targetPath: 'svc' },
        workspacePath: workspace.path,
      }),
    );
    expect(listFiles(workspace.path).every(f => f.startsWith('svc/'))).toBe(
      true,
    );
  });

  it('reports catalog-info.yaml and the Argo CD directory under targetPath', async () => {
    const ctx = createMockActionContext({
      input: { ...minimal, targetPath: 'svc/' },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      'svc/catalog-info.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith('argocdPath', 'svc/deploy/argocd');
    expect(fs.readdirSync(join(workspace.path, 'svc/deploy/argocd'))).toEqual([
      'dev.yaml',
    ]);
  });

  it('writes nothing when the input is invalid', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...minimal, port: 70000, name: 'Checkout' },
          workspacePath: workspace.path,
        }),
      ),
    ).rejects.toThrow(
      'Invalid service input: name: must be a DNS-1123 label: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit; port: must be between 1 and 65535',
    );
    expect(listFiles(workspace.path)).toEqual([]);
  });

  it('gives the same bytes for the same input', async () => {
    const spec = validateServiceInput({
      ...minimal,
      exposure: 'gateway',
      hosts: ['shop.example.com'],
    });
    const repo = {
      cloneUrl: 'https://github.com/acme/checkout.git',
      manifestsLocation: 'url:x',
    };
    const a = await generateService(spec, repo);
    const b = await generateService(spec, repo);
    expect(a.files).toEqual(b.files);
    expect(a.findings).toEqual([]);
  });
});

describe('schema validation of the generated objects', () => {
  it('runs the upstream schemas under Jest (the ESM models really load)', async () => {
    const { Deployment, VirtualService, Application } = await loadModels();
    expect(() =>
      new Deployment({
        metadata: { name: 'x' },
        spec: { replicas: 'two' },
      } as any).validate(),
    ).toThrow(/replicas/);
    expect(() =>
      new VirtualService({
        metadata: { name: 'x' },
        spec: { http: [{ route: [{ destination: {} }] }] },
      } as any).validate(),
    ).toThrow(/host/);
    expect(() =>
      new Application({ metadata: { name: 'x' }, spec: {} } as any).validate(),
    ).toThrow(/destination/);
  });

  it('refuses to write an object that fails its schema', async () => {
    const spec = validateServiceInput(minimal);
    // A generator bug is simulated by a spec that skipped input validation.
    const broken = { ...spec, replicas: 'two' as unknown as number };
    const repo = {
      cloneUrl: 'https://github.com/acme/checkout.git',
      manifestsLocation: 'url:x',
    };
    await expect(generateService(broken, repo)).rejects.toThrow(
      GeneratedObjectInvalidError,
    );
    await expect(generateService(broken, repo)).rejects.toThrow(
      /^Generated deploy\/base\/deployment-v1.yaml is invalid: .*replicas/,
    );
  });

  it('the analyzer sees the rendered environment (a broken canary would be caught)', async () => {
    const spec = validateServiceInput({
      ...minimal,
      canary: {
        stableVersion: 'v1',
        stableWeight: 50,
        canaryVersion: 'v2',
        canaryWeight: 50,
      },
    });
    const { files } = await generateService(spec, {
      cloneUrl: 'https://github.com/acme/checkout.git',
      manifestsLocation: 'url:x',
    });
    const objects = files
      .filter(
        f =>
          f.path.startsWith('deploy/base/') &&
          !f.path.endsWith('kustomization.yaml'),
      )
      .flatMap(f => parseManifests(f.content));
    expect(analyzeManifests(objects)).toEqual([]);
    const dr = objects.find(o => o.kind === 'DestinationRule')!;
    dr.spec.subsets = dr.spec.subsets.slice(0, 1);
    expect(analyzeManifests(objects).map(f => f.rule)).toEqual([
      'vs-subset-undefined',
    ]);
  });
});
