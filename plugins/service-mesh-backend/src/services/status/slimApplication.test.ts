import { fixtures } from '../../__testUtils__/upstreams';
import { mapApplication, type ArgoApplication } from '../argocd';
import { slimApplication } from './slimApplication';

const instance = { name: 'prod', url: 'https://argocd-prod.test' };

describe('slimApplication', () => {
  it.each([
    [
      'a single-source app with its resource tree',
      fixtures.checkoutProd(),
      fixtures.checkoutProdTree(),
    ],
    [
      'a multi-source app without a tree',
      fixtures.checkoutStaging(),
      undefined,
    ],
  ])(
    'maps %s to the same status as the full application',
    (_what, app, tree) => {
      const full = app as unknown as ArgoApplication;
      expect(mapApplication(slimApplication(full), tree, instance)).toEqual(
        mapApplication(full, tree, instance),
      );
    },
  );

  it('keeps the deploy marks and drops what nothing reads', () => {
    const full = fixtures.checkoutProd() as any;
    full.metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(5000),
    };
    full.metadata.managedFields = [{ manager: 'argocd-server' }];
    full.status.operationState.syncResult = {
      revision: 'abc',
      resources: [{ kind: 'Deployment', name: 'checkout' }],
    };
    const slim = slimApplication(full) as any;
    expect(slim.metadata).toEqual({
      name: 'checkout-prod',
      namespace: 'argocd',
      labels: full.metadata.labels,
    });
    // What the operation was asked for (to recognise a requested sync) and what it synced to.
    expect(slim.status.operationState).toEqual({
      operation: {
        sync: { revision: '9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d' },
        initiatedBy: { username: 'alice@example.com' },
      },
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: '2026-11-26T15:58:27Z',
      finishedAt: '2026-11-26T15:58:31Z',
      syncResult: { revision: 'abc' },
    });
    expect(slim.status.sync).toEqual({
      status: 'Synced',
      revision: full.status.sync.revision,
    });
    expect(Object.keys(slim.status).sort()).toEqual([
      'health',
      'history',
      'operationState',
      'reconciledAt',
      'resources',
      'summary',
      'sync',
    ]);
    expect(slim.status.history).toEqual(
      full.status.history.map((h: any) => {
        const { source: _source, sources: _sources, ...kept } = h;
        return kept;
      }),
    );
    expect(slim.status.history.length).toBeGreaterThan(0);
    expect(slim.status.resources).toHaveLength(full.status.resources.length);
    expect(slim.status.resources.every((r: any) => !('version' in r))).toBe(
      true,
    );
  });

  it('leaves a missing spec missing, so mapApplication still reports the bad answer', () => {
    const app = { metadata: { name: 'broken' } } as unknown as ArgoApplication;
    expect(() =>
      mapApplication(slimApplication(app), undefined, instance),
    ).toThrow('an application has no metadata.name or spec');
  });
});
