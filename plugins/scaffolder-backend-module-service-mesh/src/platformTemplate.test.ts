/*
 * The mesh-platform template through the real scaffolder backend: a task created through
 * POST /api/scaffolder/v2/tasks with templates/mesh-platform/template.yaml publishes a real Git
 * repository on disk and registers its System; then the meshed-service template creates a service on
 * that platform, read from the catalog by catalog:fetch. The catalog is an in-memory stand-in that
 * serves the templates and reads the Locations offered by the real LocalRepositoryEntityProvider from
 * disk, every entity of the file, as the catalog's file reader would (module.test.ts does the same for
 * the service).
 */
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { LocalRepositoryEntityProvider } from './localRepo/LocalRepositoryEntityProvider';
import {
  runTask as runTaskOf,
  startScaffolder,
} from './__testUtils__/scaffolderTasks';
import {
  meshedServiceTemplate,
  serviceValues,
  templatePath as serviceTemplatePath,
} from './testUtils';

jest.setTimeout(120_000);

const templatePath = resolvePackagePath(
  '@meshport/plugin-scaffolder-backend-module-service-mesh',
  '../../templates/mesh-platform/template.yaml',
);
const dir = createMockDirectory();

const template = parse(fs.readFileSync(templatePath, 'utf8')) as Entity;
template.metadata.namespace = 'default';
template.metadata.annotations = {
  'backstage.io/managed-by-location': `file:${templatePath}`,
};

const serviceTemplate = meshedServiceTemplate() as Entity;
serviceTemplate.metadata.namespace = 'default';
serviceTemplate.metadata.annotations = {
  'backstage.io/managed-by-location': `file:${serviceTemplatePath}`,
};
// The ingress gateway a generated platform installs (istio/istio's gateway chart).
const platformGateway = {
  namespace: 'istio-system',
  selector: { istio: 'ingressgateway' },
  serviceAccount: 'istio-ingressgateway',
};
// A System whose platform annotation sends services to a server URL carrying a token.
const brokenPlatform: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'broken-mesh',
    namespace: 'default',
    annotations: {
      'meshport.io/platform': JSON.stringify({
        clusters: [
          { name: 'dev', server: 'https://evil.example.com/?token=x' },
        ],
        environments: [{ name: 'dev', cluster: 'dev' }],
        gateway: { ...platformGateway, service: 'LoadBalancer' },
        argocd: { namespace: 'argocd', project: 'broken-mesh-services' },
      }),
    },
  },
  spec: { owner: 'group:default/platform-team' },
};

const catalog = catalogServiceMock({
  entities: [template, serviceTemplate, brokenPlatform],
});
const processed = new Map<string, Entity>();
const registered: string[] = [];
const inMemoryGet = catalog.getEntityByRef.bind(catalog);
catalog.getEntityByRef = async (ref, options) =>
  processed.get(typeof ref === 'string' ? ref : stringifyEntityRef(ref)) ??
  inMemoryGet(ref, options);
const provider = new LocalRepositoryEntityProvider(
  join(dir.path, 'repos'),
  mockServices.logger.mock(),
);
const refreshes = setInterval(() => provider.refresh(), 200);
afterAll(() => clearInterval(refreshes));
beforeAll(() =>
  provider.connect({
    refresh: async () => {},
    applyMutation: async mutation => {
      if (mutation.type !== 'full')
        throw new Error('the provider sends full mutations');
      for (const { entity } of mutation.entities) {
        const target = (entity.spec as { target: string }).target;
        if (registered.includes(target)) continue;
        registered.push(target);
        for (const doc of parseAllDocuments(fs.readFileSync(target, 'utf8'))) {
          const e = doc.toJS() as Entity;
          processed.set(stringifyEntityRef(e), e);
        }
      }
    },
  }),
);

const values = {
  name: 'mesh',
  owner: 'group:default/platform-team',
  clusters: [{ name: 'dev', server: 'https://dev.k8s.example.com' }],
  istioVersion: '1.29.6',
  ca: 'istio-csr',
  gatewayService: 'NodePort',
  size: 'small',
  prometheusMode: 'install',
  grafanaMode: 'reuse',
  grafanaUrl: 'https://grafana.example.com',
  kialiMode: 'install',
  jaegerMode: 'install',
  publishTo: 'local',
  localRepoName: 'mesh-platform',
  targetRevision: 'main',
  argocdNamespace: 'argocd',
};

describe('the mesh-platform template in the real scaffolder', () => {
  let server: Awaited<ReturnType<typeof startScaffolder>>;
  beforeAll(async () => {
    server = await startScaffolder(catalog, {
      serviceMeshScaffolder: {
        localPublish: { enabled: true, directory: join(dir.path, 'repos') },
      },
    });
  });

  const runTask = (
    taskValues: Record<string, unknown>,
    templateRef = 'template:default/mesh-platform',
  ) => runTaskOf(server, templateRef, taskValues);

  /** A task's status and the messages of its events' errors. */
  const outcome = (run: { status: string; events: any[] }) => ({
    status: run.status,
    errors: run.events
      .filter((e: any) => e.body?.error)
      .map((e: any) => e.body.error.message),
  });

  it('publishes the platform repository to a local Git repository and registers its System', async () => {
    const { status, events, output } = await runTask(values);
    expect(outcome({ status, events })).toEqual({
      status: 'completed',
      errors: [],
    });

    const repo = join(dir.path, 'repos', 'mesh-platform');
    expect(
      execFileSync('git', ['-C', repo, 'log', '--format=%s'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('Create the mesh platform from the mesh-platform template');
    const clone = join(dir.path, 'clone');
    execFileSync('git', ['clone', '-q', `file://${repo}`, clone]);
    const files = execFileSync('git', ['-C', clone, 'ls-files'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    // Grafana is reused: no Application installs it.
    expect(files.filter(f => f.startsWith('argocd/apps/dev/')).sort()).toEqual(
      [
        'cert-manager',
        'istio-base',
        'istio-csr',
        'istio-gateway',
        'istiod',
        'jaeger',
        'kiali',
        'mesh-ca',
        'mesh-policy',
        'prometheus',
      ].map(c => `argocd/apps/dev/${c}.yaml`),
    );
    for (const f of files) {
      expect({
        f,
        key: /PRIVATE KEY|^kind: Secret/m.test(
          fs.readFileSync(join(clone, f), 'utf8'),
        ),
      }).toEqual({ f, key: false });
    }
    // The plain-manifest Applications and the root point at the published repository.
    const root = parse(
      fs.readFileSync(join(clone, 'argocd/root.yaml'), 'utf8'),
    );
    expect(root.spec.source).toEqual({
      repoURL: `file://${repo}`,
      targetRevision: 'main',
      path: 'argocd/apps',
      directory: { recurse: true },
    });
    const gateway = parse(
      fs.readFileSync(
        join(clone, 'argocd/apps/dev/istio-gateway.yaml'),
        'utf8',
      ),
    );
    expect(gateway.spec.source.helm.valuesObject.service).toEqual({
      type: 'NodePort',
    });
    const kiali = parse(
      fs.readFileSync(join(clone, 'argocd/apps/dev/kiali.yaml'), 'utf8'),
    );
    expect(
      kiali.spec.source.helm.valuesObject.external_services.grafana
        .internal_url,
    ).toBe('https://grafana.example.com');

    // The System and its Resources reached the catalog; the task waited for the System.
    expect(registered).toEqual([join(repo, 'catalog-info.yaml')]);
    expect(processed.get('system:default/mesh')?.spec).toEqual({
      owner: 'group:default/platform-team',
    });
    // What services on the platform default to.
    expect(
      JSON.parse(
        processed.get('system:default/mesh')!.metadata.annotations![
          'meshport.io/platform'
        ],
      ),
    ).toEqual({
      clusters: [{ name: 'dev', server: 'https://dev.k8s.example.com' }],
      environments: [{ name: 'dev', cluster: 'dev' }],
      gateway: { ...platformGateway, service: 'NodePort' },
      argocd: { namespace: 'argocd', project: 'mesh-services' },
    });
    expect(
      processed.get('resource:default/mesh-control-plane')?.metadata
        .annotations,
    ).toEqual({
      'argocd/app-selector':
        'meshport.io/platform=mesh,meshport.io/platform-resource=control-plane',
      'argocd/project-name': 'mesh',
    });
    expect(output.links).toEqual([
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'system:default/mesh',
      },
    ]);
  });

  it('fails without publishing when a field is hostile, naming the field', async () => {
    const { status, events } = await runTask({
      ...values,
      localRepoName: 'broken',
      clusters: [{ name: 'dev', server: 'https://evil.example.com/?token=x' }],
    });
    expect(status).toBe('failed');
    expect(
      events.map((e: any) => String(e.body?.message ?? '')).join('\n'),
    ).toContain(
      'clusters.0.server: must be an https:// API server URL or an Argo CD cluster name',
    );
    expect(fs.existsSync(join(dir.path, 'repos', 'broken'))).toBe(false);
  });

  // A service on the platform that the first test registered, picked in the wizard as the catalog
  // entity: environments, clusters, gateway and Argo CD project come from the platform.
  const serviceOnPlatform = {
    ...serviceValues,
    name: 'payments',
    owner: 'group:default/platform-team',
    exposure: 'gateway',
    hosts: ['payments.example.com'],
    publishTo: 'local',
    localRepoName: 'payments',
    deployTo: 'platform',
    platform: 'system:default/mesh',
    platformEnvironments: [],
  };

  it('creates a service on the platform read from the catalog', async () => {
    expect(
      outcome(
        await runTask(serviceOnPlatform, 'template:default/meshed-service'),
      ),
    ).toEqual({ status: 'completed', errors: [] });
    const clone = join(dir.path, 'payments-clone');
    execFileSync('git', [
      'clone',
      '-q',
      `file://${join(dir.path, 'repos', 'payments')}`,
      clone,
    ]);
    const file = (path: string) =>
      parse(fs.readFileSync(join(clone, path), 'utf8'));
    // The platform's one environment, on its cluster, in a project of its own: the self-signed
    // certificate lives in istio-system, which the platform's services project denies.
    expect(fs.readdirSync(join(clone, 'deploy/argocd')).sort()).toEqual([
      'appproject.yaml',
      'dev.yaml',
    ]);
    expect(file('deploy/argocd/dev.yaml').spec).toMatchObject({
      project: 'payments',
      destination: {
        server: 'https://dev.k8s.example.com',
        namespace: 'payments-dev',
      },
    });
    // The platform's shared ingress gateway: its pods, their namespace and service account.
    const overlay = 'deploy/overlays/dev';
    expect(file(`${overlay}/gateway.yaml`).spec.selector).toEqual({
      istio: 'ingressgateway',
    });
    expect(file(`${overlay}/certificate.yaml`).metadata.namespace).toBe(
      'istio-system',
    );
    expect(
      file(`${overlay}/authorizationpolicy-ingress.yaml`).spec.rules[0].from[0]
        .source.principals,
    ).toEqual(['cluster.local/ns/istio-system/sa/istio-ingressgateway']);
    expect(processed.get('component:default/payments')?.kind).toBe('Component');
  });

  it('refuses a malformed platform naming its annotation and field, publishing nothing', async () => {
    const { status, events } = await runTask(
      {
        ...serviceOnPlatform,
        localRepoName: 'broken-payments',
        platform: 'system:default/broken-mesh',
      },
      'template:default/meshed-service',
    );
    expect(status).toBe('failed');
    expect(
      events.map((e: any) => String(e.body?.message ?? '')).join('\n'),
    ).toContain(
      'platform: annotation meshport.io/platform of system:default/broken-mesh: clusters.0.server: must be an https:// API server URL or an Argo CD cluster name',
    );
    expect(fs.existsSync(join(dir.path, 'repos', 'broken-payments'))).toBe(
      false,
    );
  });
});
