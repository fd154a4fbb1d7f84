import { fixtures } from '../../__testUtils__/upstreams';
import { mapApplication } from './mapApplication';

const instance = { name: 'prod', url: 'https://argocd-prod.test' };

describe('mapApplication', () => {
  it('maps an Argo CD 3 application with health from the resource tree', () => {
    const status = mapApplication(
      fixtures.checkoutProd(),
      fixtures.checkoutProdTree(),
      instance,
    );
    expect(status).toMatchObject({
      instance: 'prod',
      name: 'checkout-prod',
      appNamespace: 'argocd',
      project: 'shop',
      environment: 'prod',
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'shop',
      },
      sources: [
        {
          repoURL: 'https://github.com/meshport-examples/checkout.git',
          path: 'deploy/overlays/prod',
          targetRevision: 'main',
        },
      ],
      sync: {
        status: 'Synced',
        revision: '9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
      },
      health: { status: 'Progressing' },
      operation: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2026-11-26T15:58:27Z',
        finishedAt: '2026-11-26T15:58:31Z',
      },
      lastSyncedAt: '2026-11-26T15:58:31Z',
      automated: { enabled: true, prune: true, selfHeal: true },
      resourceCount: 5,
      images: [
        'ghcr.io/meshport-examples/checkout:1.8.0',
        'ghcr.io/meshport-examples/checkout:2.0.0-rc.1',
      ],
      url: 'https://argocd-prod.test/applications/argocd/checkout-prod',
    });
    // Newest first; who started it.
    expect(status.history.map(h => [h.id, h.initiatedBy])).toEqual([
      [42, { automated: false, username: 'alice@example.com' }],
      [41, { automated: true }],
    ]);
    // status.resources carries no health in Argo CD 3: the tree's Progressing canary is what shows.
    expect(status.unhealthyResources).toEqual([
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'checkout-v2',
        syncStatus: 'Synced',
        health: 'Progressing',
        healthMessage:
          'Waiting for rollout to finish: 1 of 2 updated replicas are available...',
      },
    ]);
  });

  it('maps a multi-source application (spec.sources, sync.revisions)', () => {
    const status = mapApplication(fixtures.checkoutStaging(), undefined, {
      name: 'staging',
      url: 'https://argocd-staging.test',
    });
    expect(status.sources).toEqual([
      {
        repoURL: 'https://charts.meshport.example',
        targetRevision: '2.0.0-rc.1',
        chart: 'checkout',
        helm: { valueFiles: ['$values/deploy/values-staging.yaml'] },
      },
      {
        repoURL: 'https://github.com/meshport-examples/checkout.git',
        targetRevision: 'main',
        ref: 'values',
      },
    ]);
    expect(status.sync).toEqual({
      status: 'OutOfSync',
      revisions: ['2.0.0-rc.1', '4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'],
    });
    expect(status.history).toEqual([
      {
        id: 7,
        revision: '2.0.0-rc.0',
        revisions: ['2.0.0-rc.0', '0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d'],
        deployedAt: '2026-11-25T12:00:09Z',
        deployStartedAt: '2026-11-25T12:00:01Z',
        initiatedBy: { automated: true },
      },
    ]);
    expect(status.health).toEqual({
      status: 'Degraded',
      message: 'Deployment "checkout" exceeded its progress deadline',
    });
    expect(status.operation?.phase).toBe('Failed');
    expect(status.automated.enabled).toBe(false);
    expect(
      status.unhealthyResources.map(r => `${r.kind}/${r.name}:${r.syncStatus}`),
    ).toEqual(['Deployment/checkout:OutOfSync']);
    expect(status.conditions[0].type).toBe('SyncError');
  });

  it('maps unknown statuses to Unknown and rejects an app without a name', () => {
    const app = fixtures.checkoutProd();
    app.status.sync.status = 'SomethingNew';
    app.status.health.status = 'Weird';
    const status = mapApplication(app, undefined, instance);
    expect(status.sync.status).toBe('Unknown');
    expect(status.health.status).toBe('Unknown');
    expect(() =>
      mapApplication({ metadata: {} } as any, undefined, instance),
    ).toThrow('no metadata.name');
  });
});
