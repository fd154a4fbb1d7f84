/*
 * Multi-cluster (issue 12, defect 10): two Argo CD applications deploy the same namespace/workload to
 * two clusters. Kiali (msw) must be asked with each cluster's clusterName, and a real Prometheus holding
 * both clusters' series (same namespace and workload, different destination_cluster) must give each
 * environment its own exact numbers.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  startPrometheus,
  type RunningPrometheus,
  type SeriesSpec,
} from '../../__testUtils__/prometheus';
import { fixtures } from '../../__testUtils__/upstreams';
import type { ArgoApplication, ArgoCdApi } from '../argocd';
import { SourceCache } from '../cache';
import { KialiClient } from '../kiali';
import { PrometheusClient, PrometheusGoldenSignals } from '../prometheus';
import { createMeshStatusService } from './createMeshStatusService';
import type { MeshSources } from './sources';

jest.setTimeout(120_000);

/** Per cluster: requests/s, 5xx share, mTLS share, CPU cores used of 0.5, memory bytes used of 512 MiB. */
const CLUSTERS = {
  'cluster-east': { rps: 10, errors: 0.1, mtls: 1, cpu: 0.2, memory: 256 },
  'cluster-west': { rps: 4, errors: 0.5, mtls: 0.25, cpu: 0.4, memory: 128 },
} as const;
const MIB = 1024 * 1024;

/** Istio and container series of shop/checkout in one cluster, with constant rates. */
function clusterSeries(
  cluster: keyof typeof CLUSTERS,
  I: number,
): SeriesSpec[] {
  const c = CLUSTERS[cluster];
  const dest = `reporter="destination",destination_workload_namespace="shop",destination_workload="checkout",destination_cluster="${cluster}"`;
  const counter = (labels: string, perSecond: number): SeriesSpec => ({
    labels,
    kind: 'counter',
    at: () => perSecond * I,
  });
  const gauge = (labels: string, value: number): SeriesSpec => ({
    labels,
    kind: 'gauge',
    at: () => value,
  });
  const specs: SeriesSpec[] = [];
  for (const [code, codeShare] of [
    ['200', 1 - c.errors],
    ['503', c.errors],
  ] as const) {
    for (const [policy, share] of [
      ['mutual_tls', c.mtls],
      ['none', 1 - c.mtls],
    ] as const) {
      if (share > 0) {
        specs.push(
          counter(
            `istio_requests_total{${dest},response_code="${code}",connection_security_policy="${policy}"}`,
            c.rps * codeShare * share,
          ),
        );
      }
    }
  }
  // Every request takes between 25 and 50 ms: p50 = 37.5, p95 = 48.75, p99 = 49.75 by interpolation.
  for (const [le, share] of [
    ['25', 0],
    ['50', 1],
    ['+Inf', 1],
  ] as const) {
    specs.push(
      counter(
        `istio_request_duration_milliseconds_bucket{${dest},le="${le}"}`,
        c.rps * share,
      ),
    );
  }
  const pod = `namespace="shop",pod="checkout-7d9f8b6c5d-x2x4z",container="checkout",cluster="${cluster}"`;
  specs.push(
    counter(`container_cpu_usage_seconds_total{${pod}}`, c.cpu),
    gauge(`container_memory_working_set_bytes{${pod}}`, c.memory * MIB),
    gauge(`kube_pod_container_resource_limits{${pod},resource="cpu"}`, 0.5),
    gauge(
      `kube_pod_container_resource_limits{${pod},resource="memory"}`,
      512 * MIB,
    ),
  );
  return specs;
}

function app(name: string, destination: Record<string, string>) {
  const base = fixtures.checkoutProd() as unknown as ArgoApplication;
  return {
    ...base,
    metadata: {
      ...base.metadata,
      name,
      labels: { ...base.metadata.labels, 'meshport.io/environment': name },
    },
    spec: {
      ...base.spec,
      destination: { ...destination, namespace: 'shop' },
    },
  } as ArgoApplication;
}

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    annotations: {
      'argocd/app-selector': 'app.kubernetes.io/name=checkout',
      'meshport.io/workload': 'checkout',
    },
  },
  spec: { type: 'service', owner: 'team-shop' },
};

const KIALI = 'https://kiali.test/kiali';
const server = setupServer();
let prometheus: RunningPrometheus;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  prometheus = await startPrometheus({
    workloads: 1,
    minutes: 20,
    namespaces: 1,
    extraSeries: mesh => [
      ...clusterSeries('cluster-east', mesh.intervalSec),
      ...clusterSeries('cluster-west', mesh.intervalSec),
    ],
  });
}, 120_000);

afterAll(async () => {
  server.close();
  await prometheus?.stop();
});

/** Kiali answering per clusterName: east is STRICT, west is not; every URL asked is recorded. */
function kialiByCluster(urls: string[]) {
  const cluster = (request: Request) => {
    const url = new URL(request.url);
    urls.push(`${url.pathname.replace('/kiali/', '')}${url.search}`);
    return url.searchParams.get('clusterName');
  };
  server.use(
    http.get(`${KIALI}/api/status`, () =>
      HttpResponse.json(fixtures.kialiStatus()),
    ),
    http.get(`${KIALI}/api/clusters/tls`, ({ request }) => {
      const name = cluster(request);
      return HttpResponse.json([
        {
          namespace: 'shop',
          cluster: name,
          status: name === 'cluster-east' ? 'MTLS_ENABLED' : 'MTLS_NOT_ENABLED',
          autoMTLSEnabled: true,
          minTLS: 'N/A',
        },
      ]);
    }),
    http.get(`${KIALI}/api/mesh/tls`, ({ request }) => {
      cluster(request);
      return HttpResponse.json({
        status: 'MTLS_NOT_ENABLED',
        autoMTLSEnabled: true,
        minTLS: 'N/A',
      });
    }),
    http.get(`${KIALI}/api/clusters/health`, ({ request }) => {
      cluster(request);
      return HttpResponse.json({ namespaceWorkloadHealth: { shop: {} } });
    }),
    http.get(
      `${KIALI}/api/namespaces/shop/workloads/checkout`,
      ({ request }) => {
        const name = cluster(request);
        // The Deployment is not the app (defect 11): Kiali's labels name the app `checkout-app`.
        return HttpResponse.json({
          ...fixtures.kialiWorkload(),
          cluster: name,
          labels: { app: 'checkout-app', version: 'v1' },
        });
      },
    ),
  );
}

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

function service(clusters: MeshSources['clusters']) {
  const argocd = {
    instance: 'prod',
    listApplications: async () => [
      app('east', { name: 'east' }),
      app('west', { server: 'https://west.example.com:6443' }),
    ],
    resourceTree: async () => ({ nodes: [] }),
  } as unknown as ArgoCdApi;
  const client = new PrometheusClient({
    baseUrl: prometheus.url,
    timeoutMs: 10_000,
  });
  const sources: MeshSources = {
    sandbox: false,
    argocd: [{ api: argocd, url: 'https://argocd.test' }],
    kiali: {
      api: new KialiClient({ url: KIALI, consoleUrl: KIALI, timeoutMs: 5000 }),
      url: KIALI,
      consoleUrl: KIALI,
    },
    prometheus: {
      signals: {
        // The status reads "now": evaluate at the end of the backfilled data instead.
        currentValues: t =>
          new PrometheusGoldenSignals(client).currentValues(
            t,
            prometheus.endTimeSec,
          ),
        overviewValues: (_now, byCluster) =>
          new PrometheusGoldenSignals(client).overviewValues(
            prometheus.endTimeSec,
            byCluster,
          ),
        observedMtls: t =>
          new PrometheusGoldenSignals(client).observedMtls(
            t,
            prometheus.endTimeSec,
          ),
      } as NonNullable<MeshSources['prometheus']>['signals'],
      edges: {} as NonNullable<MeshSources['prometheus']>['edges'],
      url: prometheus.url,
      version: async () => '2.45.0',
    },
    manifests: { read: jest.fn() } as unknown as MeshSources['manifests'],
    clusters,
  };
  return createMeshStatusService({
    sources,
    cache: new SourceCache(memoryCache(), 60_000),
    deadlineMs: 30_000,
    logger: mockServices.logger.mock(),
    access: {},
  });
}

const CLUSTER_MAP = [
  {
    argocd: { name: 'east' },
    kiali: 'cluster-east',
    prometheus: 'cluster-east',
  },
  {
    argocd: { server: 'https://west.example.com:6443/' },
    kiali: 'cluster-west',
    prometheus: 'cluster-west',
  },
];

describe('multi-cluster status', () => {
  it("gives each cluster's environment its own Kiali answers and exact Prometheus numbers", async () => {
    const urls: string[] = [];
    kialiByCluster(urls);
    const status = await service(CLUSTER_MAP).entityStatus(checkout);
    const byName = Object.fromEntries(
      status.environments.map(e => [e.name, e]),
    );
    expect(status.environments.map(e => e.argocd.message)).toEqual([
      undefined,
      undefined,
    ]);
    expect(Object.keys(byName).sort()).toEqual(['east', 'west']);
    const east = byName.east;
    const west = byName.west;
    expect(east.signals.state).toBe('ok');
    expect(east.signals.data!.requestsPerSecond).toBeCloseTo(10, 9);
    expect(east.signals.data!.errorRatio).toBeCloseTo(0.1, 9);
    expect(east.signals.data!.latencyP50Ms).toBeCloseTo(37.5, 9);
    expect(east.signals.data!.latencyP99Ms).toBeCloseTo(49.75, 9);
    expect(east.signals.data!.cpuSaturation).toBeCloseTo(0.4, 9);
    expect(east.signals.data!.memorySaturation).toBeCloseTo(0.5, 9);
    expect(west.signals.data!.requestsPerSecond).toBeCloseTo(4, 9);
    expect(west.signals.data!.errorRatio).toBeCloseTo(0.5, 9);
    expect(west.signals.data!.cpuSaturation).toBeCloseTo(0.8, 9);
    expect(west.signals.data!.memorySaturation).toBeCloseTo(0.25, 9);
    expect(east.mtls.observed.data?.mutualTlsShare).toBeCloseTo(1, 9);
    expect(west.mtls.observed.data?.mutualTlsShare).toBeCloseTo(0.25, 9);
    // Kiali: east is STRICT, west is not — each asked in its own cluster.
    expect(east.mtls.reported.data?.status).toBe('MTLS_ENABLED');
    expect(west.mtls.reported.data?.status).toBe('MTLS_NOT_ENABLED');
    expect([...new Set(urls)].sort()).toEqual([
      'api/clusters/health?namespaces=shop&type=workload&rateInterval=10m&clusterName=cluster-east',
      'api/clusters/health?namespaces=shop&type=workload&rateInterval=10m&clusterName=cluster-west',
      'api/clusters/tls?namespaces=shop&clusterName=cluster-east',
      'api/clusters/tls?namespaces=shop&clusterName=cluster-west',
      'api/mesh/tls?clusterName=cluster-east',
      'api/mesh/tls?clusterName=cluster-west',
      'api/namespaces/shop/workloads/checkout?health=true&clusterName=cluster-east',
      'api/namespaces/shop/workloads/checkout?health=true&clusterName=cluster-west',
    ]);
    expect(east.links.find(l => l.title === 'Kiali: workload')?.url).toBe(
      `${KIALI}/console/namespaces/shop/workloads/checkout?tab=info&clusterName=cluster-east`,
    );
    expect(
      west.links
        .filter(l => /^Kiali: (application|service)$/.test(l.title))
        .map(l => l.url),
    ).toEqual([
      `${KIALI}/console/namespaces/shop/applications/checkout-app?clusterName=cluster-west`,
      `${KIALI}/console/namespaces/shop/services/checkout-app?clusterName=cluster-west`,
    ]);
  });

  it("gives each cluster's overview row its own numbers, with one Kiali TLS call per cluster", async () => {
    const urls: string[] = [];
    kialiByCluster(urls);
    const { rows, sources } = await service(CLUSTER_MAP).overview([checkout]);
    expect(
      rows.map(r => [
        r.environment,
        Number(r.requestsPerSecond?.toFixed(9)),
        Number(r.errorRatio?.toFixed(9)),
        Number(r.latencyP99Ms?.toFixed(9)),
      ]),
    ).toEqual([
      ['east', 10, 0.1, 49.75],
      ['west', 4, 0.5, 49.75],
    ]);
    // West: Kiali reports no mTLS while 25 % of the traffic is mutual TLS.
    expect(rows.map(r => r.mtls)).toEqual(['strict', 'partial']);
    expect(urls.filter(u => u.startsWith('api/clusters/tls')).sort()).toEqual([
      'api/clusters/tls?namespaces=shop&clusterName=cluster-east',
      'api/clusters/tls?namespaces=shop&clusterName=cluster-west',
    ]);
    expect(sources.map(s => [s.source, s.state])).toEqual([
      ['argocd', 'ok'],
      ['prometheus', 'ok'],
      ['kiali', 'ok'],
      ['kiali', 'ok'],
    ]);
    const single = await service(undefined).overview([checkout]);
    expect(
      single.rows.map(r => Number(r.requestsPerSecond?.toFixed(9))),
    ).toEqual([14, 14]);
  });

  it('without serviceMesh.clusters asks Kiali without a cluster and sums both clusters, as before', async () => {
    const urls: string[] = [];
    kialiByCluster(urls);
    const status = await service(undefined).entityStatus(checkout);
    for (const env of status.environments) {
      expect(env.signals.data!.requestsPerSecond).toBeCloseTo(14, 9);
    }
    expect(urls.filter(u => u.includes('clusterName'))).toEqual([]);
  });
});
