import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { fixtures } from '../../__testUtils__/upstreams';
import type { ArgoApplication, ArgoCdApi } from '../argocd';
import { SourceCache } from '../cache';
import type { GoldenSignalsSource, OverviewSignals } from '../prometheus';
import { createMeshStatusService } from './createMeshStatusService';
import type { MeshSources } from './sources';

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    annotations: {
      'argocd/app-name': 'checkout-prod',
      'meshport.io/workload': 'checkout',
    },
  },
  spec: { type: 'service', owner: 'team-shop' },
};

function setup() {
  let answerList: (apps: ArgoApplication[]) => void = () => {};
  const events: string[] = [];
  const argocd = {
    instance: 'prod',
    listApplications: jest.fn(
      () =>
        new Promise<ArgoApplication[]>(resolve => {
          events.push('argocd list asked');
          answerList = resolve;
        }),
    ),
    sync: jest.fn(async () => ({
      status: { operationState: { phase: 'Running' } },
    })),
  } as unknown as ArgoCdApi;
  const values: OverviewSignals = {
    requestsPerSecond: 10,
    errorRatio: 0.05,
    latencyP99Ms: 95,
    observedMtls: { mutualTlsShare: 1, requestsPerSecond: 10 },
  };
  const signals = {
    overviewValues: jest.fn(async () => {
      events.push('prometheus asked');
      return new Map([
        ['shop/checkout', values],
        ['other/unrelated', values],
      ]);
    }),
  } as unknown as GoldenSignalsSource;
  const sources: MeshSources = {
    sandbox: false,
    argocd: [{ api: argocd, url: 'https://argocd-prod.test' }],
    prometheus: {
      signals,
      edges: {} as NonNullable<MeshSources['prometheus']>['edges'],
      url: 'https://prometheus.test',
      version: async () => '3.5.0',
    },
    manifests: { read: jest.fn() } as unknown as MeshSources['manifests'],
  };
  const store = new Map<string, unknown>();
  const cache = new SourceCache(
    mockServices.cache.mock({
      get: async (key: string) => store.get(key) as any,
      set: async (key: string, value: unknown) => {
        store.set(key, value);
      },
      delete: async (key: string) => {
        store.delete(key);
      },
    }),
    60_000,
  );
  const service = createMeshStatusService({
    sources,
    cache,
    deadlineMs: 5_000,
    logger: mockServices.logger.mock(),
    access: {},
  });
  return {
    service,
    events,
    store,
    signals,
    answerList: (apps: ArgoApplication[]) => answerList(apps),
  };
}

describe('MeshStatusService.overview', () => {
  it('asks Prometheus before the Argo CD list answers, and fills the rows from both', async () => {
    const { service, events, signals, answerList } = setup();
    const pending = service.overview([checkout]);
    await new Promise(resolve => setImmediate(resolve));
    // The list has not answered yet, and the PromQL is already under way.
    expect(events).toEqual(['prometheus asked', 'argocd list asked']);
    answerList([fixtures.checkoutProd() as unknown as ArgoApplication]);
    const overview = await pending;
    expect(signals.overviewValues).toHaveBeenCalledTimes(1);
    expect(overview.rows).toEqual([
      {
        entityRef: 'component:default/checkout',
        owner: 'team-shop',
        workload: 'checkout',
        id: 'prod:argocd/checkout-prod',
        environment: 'prod',
        instance: 'prod',
        namespace: 'shop',
        sync: 'Synced',
        health: 'Progressing',
        // Kiali is not configured and the overview does not read Git: observed mTLS alone says strict.
        mtls: 'strict',
        requestsPerSecond: 10,
        errorRatio: 0.05,
        latencyP99Ms: 95,
      },
    ]);
    expect(
      overview.sources.map(s => [s.source, s.instance ?? null, s.state]),
    ).toEqual([
      ['argocd', 'prod', 'ok'],
      ['prometheus', null, 'ok'],
      ['kiali', null, 'not-configured'],
    ]);
  });

  it("caches the Argo CD list in the overview's shape", async () => {
    const { service, store, answerList } = setup();
    const pending = service.overview([checkout]);
    await new Promise(resolve => setImmediate(resolve));
    answerList([fixtures.checkoutProd() as unknown as ArgoApplication]);
    await pending;
    expect(
      (store.get('argocd:prod:overview') as { value: unknown }).value,
    ).toEqual([
      {
        metadata: {
          name: 'checkout-prod',
          namespace: 'argocd',
          labels: fixtures.checkoutProd().metadata.labels,
          annotations: {
            'meshport.io/entity-ref': 'component:default/checkout',
          },
        },
        spec: {
          project: 'shop',
          destination: {
            namespace: 'shop',
            server: 'https://kubernetes.default.svc',
          },
        },
        status: {
          sync: { status: 'Synced' },
          health: { status: 'Progressing' },
          // Where the workload runs (namespaceOf): the Deployments only.
          resources: [
            {
              group: 'apps',
              kind: 'Deployment',
              namespace: 'shop',
              name: 'checkout',
            },
            {
              group: 'apps',
              kind: 'Deployment',
              namespace: 'shop',
              name: 'checkout-v2',
            },
          ],
        },
      },
    ]);
  });

  it('reads the list again after a sync', async () => {
    const { service, store, answerList } = setup();
    const pending = service.overview([checkout]);
    await new Promise(resolve => setImmediate(resolve));
    answerList([fixtures.checkoutProd() as unknown as ArgoApplication]);
    await pending;
    const syncing = service.argoAction(
      checkout,
      { instance: 'prod', app: 'checkout-prod' },
      'sync',
    );
    await new Promise(resolve => setImmediate(resolve));
    answerList([fixtures.checkoutProd() as unknown as ArgoApplication]);
    await expect(syncing).resolves.toEqual({
      instance: 'prod',
      app: 'checkout-prod',
      action: 'sync',
      result: 'Requested',
      message:
        'Argo CD accepted a sync to the target revision; its controller has not reported it yet',
      requestedAt: expect.any(String),
    });
    expect([...store.keys()]).toEqual(['prometheus:overview']);
  });

  it('starts the PromQL and the Argo CD list before the catalog answers', async () => {
    const { service, events, answerList } = setup();
    let answerCatalog: (entities: Entity[]) => void = () => {};
    const pending = service.overview(
      new Promise<Entity[]>(resolve => {
        answerCatalog = resolve;
      }),
    );
    await new Promise(resolve => setImmediate(resolve));
    expect(events).toEqual(['prometheus asked', 'argocd list asked']);
    answerList([fixtures.checkoutProd() as unknown as ArgoApplication]);
    await new Promise(resolve => setImmediate(resolve));
    answerCatalog([checkout]);
    const overview = await pending;
    expect(overview.rows.map(r => [r.entityRef, r.requestsPerSecond])).toEqual([
      ['component:default/checkout', 10],
    ]);
  });

  it("fails with the catalog query's error", async () => {
    const { service, answerList } = setup();
    const pending = service.overview(Promise.reject(new Error('catalog down')));
    await expect(pending).rejects.toThrow('catalog down');
    await new Promise(resolve => setImmediate(resolve));
    answerList([]);
  });
});
