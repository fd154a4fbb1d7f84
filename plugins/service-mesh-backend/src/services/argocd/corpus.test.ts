import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ArgoAppStatus } from '@meshport/plugin-service-mesh-common';
import { namespaceOf } from '../status/environments';
import { mapApplication } from './mapApplication';
import { sourceSelectorOf } from './sources';
import type { ArgoApplication, ArgoApplicationTree } from './types';

const CORPUS = join(__dirname, '../../__fixtures__/argocd');
const read = (path: string): any => {
  const text = readFileSync(join(CORPUS, path), 'utf8');
  return path.endsWith('.yaml') ? parse(text) : JSON.parse(text);
};
const instance = { name: 'main', url: 'https://argocd.test' };
const community = read('v2.14-community-redhat-argocd/applications.json');

/** What Meshport shows of each captured (or struct-built) body; see the README beside each folder. */
const cases: Array<{
  name: string;
  app: ArgoApplication;
  tree?: ArgoApplicationTree;
  workload: string;
  expected: Partial<ArgoAppStatus>;
  namespace: string;
  unhealthy: Array<[string, string, string | undefined]>;
}> = [
  {
    name: 'Argo CD 2.10, single source with a config management plugin (argo-cd controller testdata)',
    app: read('v2.10-argo-cd-testdata/application-velero-test.yaml'),
    workload: 'test-lla',
    namespace: 'test-lla',
    unhealthy: [],
    expected: {
      name: 'velero-test',
      appNamespace: 'argo-cd',
      project: 'sre',
      environment: 'velero-test',
      destination: { name: 'gke-alpha-01-europe-west1', namespace: 'test-lla' },
      sources: [
        {
          repoURL: 'https://github.com/foo/manifests-velero.git',
          path: 'instances/test',
          targetRevision: 'test-lla',
          plugin: {
            name: 'cmp-helm-v2',
            env: [
              { name: 'RELEASE_NAME', value: 'test-lla' },
              {
                name: 'CHART_REPOSITORY',
                value: 'oci://europe-west1-docker.pkg.dev/foo/charts',
              },
              { name: 'CHART_NAME', value: 'velero' },
              { name: 'PREVIEW', value: 'false' },
              {
                name: 'HELM_VALUES',
                value:
                  'global:\n  app:\n    cluster_name: gke-alpha-01-europe-west1\n    service_class: alpha\n    cloud_provider: gcp\n    cluster_stack: gke-v2\n',
              },
              { name: 'HELM_ARGS', value: '' },
            ],
          },
        },
      ],
      sync: { status: 'Synced', revision: 'rev1' },
      health: { status: 'Healthy' },
      operation: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2024-03-05T07:33:03Z',
        finishedAt: '2024-03-05T07:33:04Z',
        revision: 'ea8759964626a583667a2bfd08f334ec2070040a',
        initiatedBy: { automated: false, username: 'foo@example.com' },
      },
      lastSyncedAt: '2024-03-05T07:33:04Z',
      automated: { enabled: false, prune: false, selfHeal: false },
      history: [
        {
          id: 23,
          revision: 'ea8759964626a583667a2bfd08f334ec2070040a',
          deployedAt: '2024-03-05T07:33:04Z',
          deployStartedAt: '2024-03-05T07:33:03Z',
        },
        {
          id: 22,
          revision: 'ea8759964626a583667a2bfd08f334ec2070040a',
          deployedAt: '2024-03-05T07:32:44Z',
          deployStartedAt: '2024-03-05T07:32:44Z',
        },
      ],
      resourceCount: 2,
      images: ['nginx:latest'],
      url: 'https://argocd.test/applications/argo-cd/velero-test',
    },
  },
  {
    name: 'Argo CD 2.x, Helm parameters (community redhat-argocd mock)',
    app: community[0],
    workload: 'test-app',
    namespace: 'test',
    unhealthy: [],
    expected: {
      sources: [
        {
          repoURL: 'https://github.com/test/repo',
          path: 'kubernetes',
          targetRevision: 'main',
          helm: { parameters: [{ name: 'replicaCount', value: '2' }] },
        },
      ],
      sync: { status: 'Synced', revision: 'abc123' },
      operation: { phase: 'Succeeded', revision: 'abc123' },
      history: [],
    },
  },
  {
    name: 'Argo CD 2.x, multi-source with a Deployment outside the destination namespace (community redhat-argocd mock)',
    app: community[1],
    workload: 'fullstack-demo',
    namespace: 'demo-apps',
    unhealthy: [
      ['Namespace', 'backend-system', undefined],
      ['Service', 'backend-service', 'Healthy'],
      ['Deployment', 'backend', 'Healthy'],
      ['NetworkPolicy', 'backend-network-policy', undefined],
    ],
    expected: {
      destination: {
        server: 'https://kubernetes.example.cluster:6443',
        namespace: 'demo',
      },
      sources: [
        {
          repoURL: 'https://github.com/example-org/frontend-app.git',
          path: '.',
          targetRevision: 'HEAD',
        },
        {
          repoURL: 'https://github.com/example-org/backend-app.git',
          path: '.',
          targetRevision: 'HEAD',
        },
      ],
      sync: {
        status: 'OutOfSync',
        revisions: [
          'abc123def456ghi789jkl012mno345pqr678stu',
          'xyz987wvu654tsr321qpo098nml765kji432hgf',
        ],
      },
      operation: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2025-02-20T16:40:31Z',
        finishedAt: '2025-02-20T16:40:32Z',
        revisions: [
          '331386ce09e4536a730a16f10d1bce8dfca0c8b1',
          'de1631a6d84f35d826235a933657baca77c2ca9c',
        ],
        initiatedBy: { automated: false, username: 'admin' },
      },
      history: [
        {
          id: 0,
          revision: '331386ce09e4536a730a16f10d1bce8dfca0c8b1',
          revisions: [
            '331386ce09e4536a730a16f10d1bce8dfca0c8b1',
            'de1631a6d84f35d826235a933657baca77c2ca9c',
          ],
          deployedAt: '2025-02-20T16:40:32Z',
          deployStartedAt: '2025-02-20T16:40:31Z',
          initiatedBy: { automated: false, username: 'admin' },
        },
      ],
      resourceCount: 7,
    },
  },
  {
    name: 'Argo CD 3.5, health only in the resource tree, automated and unrecorded initiators (built from swagger.json)',
    app: read('v3.5-built-from-swagger/application.json'),
    tree: read('v3.5-built-from-swagger/resource-tree.json'),
    workload: 'orders',
    namespace: 'orders-live',
    unhealthy: [['Deployment', 'orders', 'Degraded']],
    expected: {
      environment: 'prod',
      destination: { name: 'eu-west-1', namespace: 'orders' },
      sources: [
        {
          repoURL: 'https://github.com/acme/orders.git',
          path: 'deploy/overlays/prod',
          targetRevision: 'main',
          kustomize: { images: ['ghcr.io/acme/orders:2.4.1'] },
        },
      ],
      operation: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2026-11-20T08:13:40Z',
        finishedAt: '2026-11-20T08:14:02Z',
        revision: '5d41402abc4b2a76b9719d911017c592ae1b2c3d',
        initiatedBy: { automated: true },
      },
      automated: { enabled: true, prune: true, selfHeal: false },
      history: [
        {
          id: 8,
          revision: '5d41402abc4b2a76b9719d911017c592ae1b2c3d',
          deployedAt: '2026-11-20T08:14:02Z',
          deployStartedAt: '2026-11-20T08:13:40Z',
          initiatedBy: { automated: true },
        },
        // `initiatedBy: {}`: nobody recorded, so no initiator (not "unknown").
        {
          id: 7,
          revision: '7b52009b64fd0a2a49e6d8a939753077792b0554',
          deployedAt: '2026-11-19T16:02:31Z',
          deployStartedAt: '2026-11-19T16:02:10Z',
        },
      ],
      resourceCount: 3,
    },
  },
];

describe('the Argo CD corpus', () => {
  it.each(cases.map(c => [c.name, c]))('%s', (_name, c) => {
    const status = mapApplication(c.app, c.tree, instance);
    expect(status).toMatchObject(c.expected);
    // Exact where the case states them (toMatchObject alone would allow extra fields).
    const keys = (['sources', 'operation', 'history'] as const).filter(
      key => c.expected[key] !== undefined,
    );
    expect(Object.fromEntries(keys.map(k => [k, status[k]]))).toEqual(
      Object.fromEntries(keys.map(k => [k, c.expected[k]])),
    );
    expect(
      status.unhealthyResources.map(r => [r.kind, r.name, r.health]),
    ).toEqual(c.unhealthy);
    // Kiali and PromQL ask where the app's own resources put the workload.
    expect(namespaceOf(c.app, { workload: c.workload } as any)).toBe(
      c.namespace,
    );
  });

  it('reads a multi-source revision from the source it belongs to (Argo CD ≥ 2.12 sourceIndex)', () => {
    const app = community[1];
    expect(
      sourceSelectorOf(app, 'de1631a6d84f35d826235a933657baca77c2ca9c'),
    ).toEqual({ sourceIndex: 1, versionId: 0 });
    expect(
      sourceSelectorOf(app, 'xyz987wvu654tsr321qpo098nml765kji432hgf'),
    ).toEqual({ sourceIndex: 1 });
    expect(() =>
      sourceSelectorOf(app, 'de1631a6d84f35d826235a933657baca77c2ca9c', 2),
    ).toThrow(
      'sourceIndex 2: application "multi-source-app" has 2 sources (0 to 1)',
    );
    expect(sourceSelectorOf(community[0], 'abc123')).toBeUndefined();
  });
});
