/*
 * Multi-cluster topology, mesh graph and traces (issue 12, defect 10): the same shop/checkout runs in
 * two clusters, deployed by two Argo CD applications. A real Prometheus holds both clusters' Istio
 * edges (same namespaces and workloads, different `source_cluster`/`destination_cluster` and rates), and
 * each environment must get its own cluster's edges with exact numbers, never the sum; Jaeger (msw)
 * answers with both clusters' traces, and each environment keeps its own.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { TopologyEdge } from '@meshport/plugin-service-mesh-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import traceFixture from '../../__fixtures__/jaeger/traceWithTwoNonOverlappingChildren.json';
import {
  edgeSeries,
  expectedEdge,
  startPrometheus,
  type RunningPrometheus,
  type SyntheticEdge,
} from '../../__testUtils__/prometheus';
import { fixtures } from '../../__testUtils__/upstreams';
import type { ArgoApplication, ArgoCdApi } from '../argocd';
import { SourceCache } from '../cache';
import { ISTIO_CLUSTER_TAG, JaegerClient } from '../jaeger';
import type { MeshCluster } from '../mesh';
import { PrometheusClient, PrometheusEdges } from '../prometheus';
import type { MeshSources } from '../status';
import { createTopologyService } from './createTopologyService';

jest.setTimeout(120_000);

const EAST = 'cluster-east';
const WEST = 'cluster-west';
const end = (workload: string, cluster: string) => ({
  namespace: 'shop',
  workload,
  cluster,
});

/** Each cluster's own traffic, and one call from west's checkout to east's payments. */
const EDGES: Record<string, SyntheticEdge> = {
  'east frontend → checkout': {
    source: end('frontend', EAST),
    destination: end('checkout', EAST),
    protocol: 'http',
    rate: 10,
    errorShare: 0.1,
    mtlsShare: 1,
    latencyMs: [10, 90],
  },
  'east unknown → checkout': {
    source: 'unknown',
    destination: end('checkout', EAST),
    protocol: 'http',
    rate: 2,
    errorShare: 0,
    mtlsShare: 0,
    latencyMs: [1, 9],
  },
  'east checkout → payments': {
    source: end('checkout', EAST),
    destination: end('payments', EAST),
    protocol: 'grpc',
    rate: 4,
    errorShare: 0.25,
    mtlsShare: 1,
    latencyMs: [20, 400],
  },
  'west frontend → checkout': {
    source: end('frontend', WEST),
    destination: end('checkout', WEST),
    protocol: 'http',
    rate: 3,
    errorShare: 0.5,
    mtlsShare: 0.5,
    latencyMs: [100, 900],
  },
  'west checkout → payments': {
    source: end('checkout', WEST),
    destination: end('payments', WEST),
    protocol: 'grpc',
    rate: 1,
    errorShare: 0,
    mtlsShare: 1,
    latencyMs: [5, 45],
  },
  'west checkout → east payments': {
    source: end('checkout', WEST),
    destination: end('payments', EAST),
    protocol: 'grpc',
    rate: 0.5,
    errorShare: 0,
    mtlsShare: 1,
    latencyMs: [50, 450],
  },
  'west frontend → legacy/batch': {
    source: end('frontend', WEST),
    destination: { namespace: 'legacy', workload: 'batch', cluster: WEST },
    protocol: 'http',
    rate: 0.25,
    errorShare: 0,
    mtlsShare: 1,
    latencyMs: [1, 9],
  },
};

const CLUSTERS: MeshCluster[] = [
  { argocd: { name: 'east' }, kiali: 'kiali-east', prometheus: EAST },
  {
    argocd: { server: 'https://west.example.com:6443' },
    kiali: 'kiali-west',
    prometheus: WEST,
  },
];

const KIALI = 'https://kiali.example.com';
const JAEGER = 'https://jaeger.test';

const component = (name: string, extra: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'argocd/app-selector': `app.kubernetes.io/name=${name}`,
      'meshport.io/workload': name,
      ...extra,
    },
  },
  spec: { type: 'service', owner: 'team-shop' },
});
const checkout = component('checkout', {
  'jaegertracing.io/service': 'service-one',
});
const batch = component('batch', {});

/** An application of `entity` deploying environment `env` to `namespace` in `destination`'s cluster. */
function app(
  entity: string,
  env: string,
  destination: Record<string, string>,
  namespace: string,
) {
  const base = fixtures.checkoutProd() as unknown as ArgoApplication;
  return {
    ...base,
    metadata: {
      ...base.metadata,
      name: `${entity}-${env}`,
      labels: {
        'app.kubernetes.io/name': entity,
        'meshport.io/environment': env,
      },
      annotations: { 'meshport.io/entity-ref': `component:default/${entity}` },
    },
    spec: { ...base.spec, destination: { ...destination, namespace } },
    status: {
      ...base.status,
      resources: [
        {
          group: 'apps',
          kind: 'Deployment',
          namespace,
          name: entity,
          version: 'v1',
        },
      ],
    },
  } as ArgoApplication;
}

const WEST_SERVER = { server: 'https://west.example.com:6443/' };
/** checkout: prod in east, staging in west (same namespace); batch: prod in west's legacy namespace. */
const APPS = [
  app('checkout', 'prod', { name: 'east' }, 'shop'),
  app('checkout', 'staging', WEST_SERVER, 'shop'),
  app('batch', 'prod', WEST_SERVER, 'legacy'),
];

/**
 * A trace of the Jaeger UI's corpus (see src/__fixtures__/jaeger/README.md) as it comes from a proxy
 * in `cluster`: Istio's proxies tag every span with `istio.cluster_id` (istio/istio
 * pilot/pkg/networking/core/tracing.go, the custom tags), the tag Kiali filters traces on.
 */
function traceIn(cluster: string, traceID: string) {
  const trace = structuredClone(traceFixture) as any;
  trace.traceID = traceID;
  for (const span of trace.spans) {
    span.traceID = traceID;
    span.tags.push({ key: ISTIO_CLUSTER_TAG, type: 'string', value: cluster });
  }
  return trace;
}

const server = setupServer();
let prometheus: RunningPrometheus;
const jaegerSearches: URLSearchParams[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  prometheus = await startPrometheus({
    workloads: 1,
    minutes: 70,
    namespaces: 1,
    extraSeries: mesh => edgeSeries(mesh, Object.values(EDGES)),
  });
}, 120_000);

beforeEach(() => {
  jaegerSearches.length = 0;
  // A Jaeger answering with both clusters' traces whatever the tags (as Jaeger v2 before 2.19 does
  // with query.attributes): the cluster must also be checked on the answer.
  server.use(
    http.get(`${JAEGER}/api/traces`, ({ request }) => {
      jaegerSearches.push(new URL(request.url).searchParams);
      return HttpResponse.json({
        data: [
          traceIn('kiali-east', '00000000000000e1'),
          traceIn('kiali-west', '00000000000000f1'),
        ],
        total: 0,
        limit: 0,
        offset: 0,
        errors: null,
      });
    }),
  );
});

afterAll(async () => {
  server.close();
  await prometheus?.stop();
});

function memoryCache() {
  const store = new Map<string, unknown>();
  return mockServices.cache.mock({
    get: async (key: string) => store.get(key) as any,
    set: async (key: string, value: unknown) => {
      store.set(key, value);
    },
    delete: async (key: string) => {
      store.delete(key);
    },
  });
}

/** The topology service over the two clusters' apps, reading Prometheus at the end of its data. */
function topology(clusters: MeshCluster[] | undefined) {
  const argocd = {
    instance: 'main',
    // Argo CD's list by selector (app.kubernetes.io/name=<entity>), or every application.
    listApplications: async ({ selector }: { selector?: string }) =>
      APPS.filter(
        a =>
          !selector ||
          selector ===
            `app.kubernetes.io/name=${a.metadata.labels!['app.kubernetes.io/name']}`,
      ),
  } as unknown as ArgoCdApi;
  const edges = new PrometheusEdges(
    new PrometheusClient({ baseUrl: prometheus.url, timeoutMs: 10_000 }),
  );
  const at = prometheus.endTimeSec;
  const sources: MeshSources = {
    sandbox: false,
    argocd: [{ api: argocd, url: 'https://argocd.test' }],
    kiali: {
      api: {} as NonNullable<MeshSources['kiali']>['api'],
      url: KIALI,
      consoleUrl: KIALI,
    },
    prometheus: {
      signals: {} as NonNullable<MeshSources['prometheus']>['signals'],
      // The routes read "now": evaluate at the end of the backfilled data instead.
      edges: {
        workloadEdges: (target, windowSec) =>
          edges.workloadEdges(target, windowSec, at),
        meshEdges: (windowSec, _now, byCluster) =>
          edges.meshEdges(windowSec, at, byCluster),
        activeDestinations: (target, windowSec) =>
          edges.activeDestinations(target, windowSec, at),
      },
      url: prometheus.url,
      version: async () => '2.45.0',
    },
    manifests: { read: jest.fn() } as unknown as MeshSources['manifests'],
    jaeger: new JaegerClient({
      url: JAEGER,
      consoleUrl: JAEGER,
      apiVersion: 'v1',
      timeoutMs: 5000,
    }),
    clusters,
  };
  return createTopologyService({
    sources,
    cache: new SourceCache(memoryCache(), 60_000),
    deadlineMs: 30_000,
    logger: mockServices.logger.mock(),
    access: {},
  });
}

const catalog = {
  entities: Promise.resolve([checkout, batch]),
  declared: async () => [],
};

const round = (v: number | null | undefined) =>
  typeof v === 'number' ? Number(v.toPrecision(9)) : v;

/** Edges keyed `source → target`, values to 9 significant digits. */
function byKey(list: TopologyEdge[]) {
  return Object.fromEntries(
    list.map(({ source, target, ...rest }) => [
      `${source} → ${target}`,
      {
        ...rest,
        requestsPerSecond: round(rest.requestsPerSecond),
        errorRatio: round(rest.errorRatio),
        latencyP99Ms: round(rest.latencyP99Ms),
        mutualTlsShare: round(rest.mutualTlsShare),
      },
    ]),
  );
}

/** What the edges of EDGES must read, under the keys the topology gives them. */
function expected(keys: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(keys).map(([key, name]) => {
      const e = expectedEdge(EDGES[name]);
      return [
        key,
        {
          ...e,
          requestsPerSecond: round(e.requestsPerSecond),
          errorRatio: round(e.errorRatio),
          latencyP99Ms: round(e.latencyP99Ms),
          mutualTlsShare: round(e.mutualTlsShare),
        },
      ];
    }),
  );
}

describe('multi-cluster topology', () => {
  it("gives each cluster's environment its own edges with exact numbers, the other ends in their clusters", async () => {
    const service = topology(CLUSTERS);
    const east = await service.entityTopology(checkout, catalog, 'prod', '1h');
    expect(east.topology.state).toBe('ok');
    expect(east.topology.data!.center).toBe(`${EAST}:shop/checkout`);
    expect(byKey(east.topology.data!.edges)).toEqual(
      expected({
        [`${EAST}:shop/frontend → ${EAST}:shop/checkout`]:
          'east frontend → checkout',
        [`unknown → ${EAST}:shop/checkout`]: 'east unknown → checkout',
        [`${EAST}:shop/checkout → ${EAST}:shop/payments`]:
          'east checkout → payments',
      }),
    );

    const west = await service.entityTopology(
      checkout,
      catalog,
      'staging',
      '1h',
    );
    expect(byKey(west.topology.data!.edges)).toEqual(
      expected({
        [`${WEST}:shop/frontend → ${WEST}:shop/checkout`]:
          'west frontend → checkout',
        [`${WEST}:shop/checkout → ${EAST}:shop/payments`]:
          'west checkout → east payments',
        [`${WEST}:shop/checkout → ${WEST}:shop/payments`]:
          'west checkout → payments',
      }),
    );
    // The entity is the same in both clusters; each node links to Kiali in its own cluster.
    const nodes = Object.fromEntries(
      west.topology.data!.nodes.map(n => [n.id, n]),
    );
    expect(nodes[`${WEST}:shop/checkout`]).toEqual({
      id: `${WEST}:shop/checkout`,
      cluster: WEST,
      namespace: 'shop',
      workload: 'checkout',
      app: 'checkout',
      external: false,
      entityRef: 'component:default/checkout',
      owner: 'group:default/team-shop',
      kialiUrl: `${KIALI}/console/namespaces/shop/workloads/checkout?tab=info&clusterName=kiali-west`,
    });
    expect(nodes[`${EAST}:shop/payments`].kialiUrl).toBe(
      `${KIALI}/console/namespaces/shop/workloads/payments?tab=info&clusterName=kiali-east`,
    );
  });

  it("draws an environment's mesh graph from the edges into its own places only (namespace in its cluster)", async () => {
    const graph = await topology(CLUSTERS).meshGraph(catalog, {
      environment: 'prod',
    });
    expect(graph.environments).toEqual(['staging', 'prod']);
    expect(graph.namespaces).toEqual(['legacy', 'shop']);
    expect(byKey(graph.graph.data!.edges)).toEqual(
      expected({
        [`${EAST}:shop/checkout → ${EAST}:shop/payments`]:
          'east checkout → payments',
        [`${EAST}:shop/frontend → ${EAST}:shop/checkout`]:
          'east frontend → checkout',
        [`${WEST}:shop/checkout → ${EAST}:shop/payments`]:
          'west checkout → east payments',
        [`unknown → ${EAST}:shop/checkout`]: 'east unknown → checkout',
        // West's shop is staging's: only its legacy namespace is prod's.
        [`${WEST}:shop/frontend → ${WEST}:legacy/batch`]:
          'west frontend → legacy/batch',
      }),
    );
  });

  it('without serviceMesh.clusters reads every cluster as one, as before', async () => {
    const service = topology(undefined);
    const east = await service.entityTopology(checkout, catalog, 'prod', '1h');
    const edges = byKey(east.topology.data!.edges);
    expect(east.topology.data!.center).toBe('shop/checkout');
    // 10 + 3 requests per second: both clusters' frontends, summed.
    expect(edges['shop/frontend → shop/checkout'].requestsPerSecond).toBe(13);
    const graph = await service.meshGraph(catalog, { environment: 'prod' });
    expect(
      byKey(graph.graph.data!.edges)['shop/checkout → shop/payments']
        .requestsPerSecond,
    ).toBe(5.5);
  });

  it("lists each cluster's own traces, asking Jaeger by Istio's cluster tag", async () => {
    const service = topology(CLUSTERS);
    const east = await service.entityTraces(checkout, 'prod');
    const west = await service.entityTraces(checkout, 'staging');
    expect(east.traces.data!.slowest.map(t => t.traceId)).toEqual([
      '00000000000000e1',
    ]);
    expect(west.traces.data!.slowest.map(t => t.traceId)).toEqual([
      '00000000000000f1',
    ]);
    expect(jaegerSearches.map(p => [p.get('service'), p.get('tags')])).toEqual([
      ['service-one', '{"istio.cluster_id":"kiali-east"}'],
      ['service-one', '{"istio.cluster_id":"kiali-west"}'],
    ]);
    expect(east.traces.data!.searchUrl).toBe(
      `${JAEGER}/search?service=service-one&tags=${encodeURIComponent('{"istio.cluster_id":"kiali-east"}')}`,
    );
    const single = await topology(undefined).entityTraces(checkout, 'prod');
    expect(single.traces.data!.slowest).toHaveLength(2);
  });
});
