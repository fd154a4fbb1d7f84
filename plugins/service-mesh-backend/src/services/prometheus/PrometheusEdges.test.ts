/*
 * Edges against a real Prometheus (Debian's `prometheus` package) holding synthetic Istio traffic
 * between workloads, written from both reporters with constant rates: every value per edge is known
 * from the edge's definition, not read back from the data.
 */
import { InputError } from '@backstage/errors';
import type { TopologyEdge } from '@meshport/plugin-service-mesh-common';
import {
  edgeSeries,
  expectedEdge,
  startPrometheus,
  type RunningPrometheus,
  type SyntheticEdge,
} from '../../__testUtils__/prometheus';
import { withSentQueries } from '../../__testUtils__/prometheus/sentQueries';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusEdges } from './PrometheusEdges';

jest.setTimeout(120_000);

const checkout = { namespace: 'shop', workload: 'checkout' };
const EDGES: Record<string, SyntheticEdge> = {
  'shop/frontend → shop/checkout': {
    source: { namespace: 'shop', workload: 'frontend' },
    destination: checkout,
    protocol: 'http',
    rate: 10,
    errorShare: 0.02,
    mtlsShare: 1,
    latencyMs: [10, 90],
  },
  'unknown → shop/checkout': {
    source: 'unknown',
    destination: checkout,
    protocol: 'http',
    rate: 2,
    errorShare: 0,
    mtlsShare: 0,
    latencyMs: [1, 9],
  },
  'legacy/batch → shop/checkout': {
    source: { namespace: 'legacy', workload: 'batch' },
    destination: checkout,
    protocol: 'http',
    rate: 5,
    errorShare: 0.1,
    mtlsShare: 0.6,
    latencyMs: [5, 45],
  },
  'shop/checkout → shop/payments': {
    source: checkout,
    destination: { namespace: 'shop', workload: 'payments' },
    protocol: 'grpc',
    rate: 4,
    errorShare: 0.25,
    mtlsShare: 1,
    latencyMs: [20, 400],
  },
  'shop/checkout → shop/redis': {
    source: checkout,
    destination: { namespace: 'shop', workload: 'redis' },
    protocol: 'tcp',
    rate: 0.5,
    errorShare: 0,
    mtlsShare: 0.75,
    latencyMs: [0, 1],
    bytesPerSecond: 2000,
  },
  'shop/checkout → external:api.stripe.example': {
    source: checkout,
    destination: { host: 'api.stripe.example' },
    protocol: 'http',
    rate: 3,
    errorShare: 0.01,
    mtlsShare: 0,
    latencyMs: [100, 900],
  },
  'other/a → other/b': {
    source: { namespace: 'other', workload: 'a' },
    destination: { namespace: 'other', workload: 'b' },
    protocol: 'http',
    rate: 1,
    errorShare: 0,
    mtlsShare: 1,
    latencyMs: [1, 2],
  },
  // Its series exist with zero rates (a caller that stopped calling): no edge, and not in any answer.
  'idle/a → idle/b': {
    source: { namespace: 'idle', workload: 'a' },
    destination: { namespace: 'idle', workload: 'b' },
    protocol: 'http',
    rate: 0,
    errorShare: 0,
    mtlsShare: 1,
    latencyMs: [1, 2],
  },
};

let prometheus: RunningPrometheus;
let client: PrometheusClient;
let edges: PrometheusEdges;
let end: number;

beforeAll(async () => {
  prometheus = await startPrometheus({
    workloads: 1,
    minutes: 70,
    extraSeries: mesh => edgeSeries(mesh, Object.values(EDGES)),
  });
  client = new PrometheusClient({ baseUrl: prometheus.url, timeoutMs: 10_000 });
  edges = new PrometheusEdges(client);
  end = prometheus.endTimeSec;
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
});

/** The edges keyed `source → target`, values to 9 significant digits. */
function byKey(list: TopologyEdge[]) {
  const round = (v: number | null | undefined) =>
    typeof v === 'number' ? Number(v.toPrecision(9)) : v;
  return Object.fromEntries(
    list.map(({ source, target, ...rest }) => [
      `${source} → ${target}`,
      {
        ...rest,
        requestsPerSecond: round(rest.requestsPerSecond),
        ...(rest.bytesPerSecond !== undefined
          ? { bytesPerSecond: round(rest.bytesPerSecond) }
          : {}),
        errorRatio: round(rest.errorRatio),
        latencyP99Ms: round(rest.latencyP99Ms),
        mutualTlsShare: round(rest.mutualTlsShare),
      },
    ]),
  );
}

function expected(keys: string[]) {
  return Object.fromEntries(
    keys.map(key => {
      const e = expectedEdge(EDGES[key]);
      const round = (v: number | null) =>
        v === null ? null : Number(v.toPrecision(9));
      return [
        key,
        {
          ...e,
          requestsPerSecond: round(e.requestsPerSecond),
          ...(e.bytesPerSecond !== undefined
            ? { bytesPerSecond: round(e.bytesPerSecond) }
            : {}),
          errorRatio: round(e.errorRatio),
          latencyP99Ms: round(e.latencyP99Ms),
          mutualTlsShare: round(e.mutualTlsShare),
        },
      ];
    }),
  );
}

describe('PrometheusEdges', () => {
  it('reads every edge into and out of a workload, each from the right reporter, in 12 queries', async () => {
    const before = client.requestCount;
    const result = await edges.workloadEdges(checkout, 3600, end);
    expect(client.requestCount - before).toBe(12);
    expect(byKey(result.edges)).toEqual(
      expected([
        'shop/frontend → shop/checkout',
        'unknown → shop/checkout',
        'legacy/batch → shop/checkout',
        'shop/checkout → shop/payments',
        'shop/checkout → shop/redis',
        'shop/checkout → external:api.stripe.example',
      ]),
    );
    expect(result.nodes).toEqual([
      {
        id: 'external:api.stripe.example',
        workload: 'api.stripe.example',
        external: true,
      },
      {
        id: 'legacy/batch',
        namespace: 'legacy',
        workload: 'batch',
        app: 'batch',
        external: false,
      },
      {
        id: 'shop/checkout',
        namespace: 'shop',
        workload: 'checkout',
        app: 'checkout',
        external: false,
      },
      {
        id: 'shop/frontend',
        namespace: 'shop',
        workload: 'frontend',
        app: 'frontend',
        external: false,
      },
      {
        id: 'shop/payments',
        namespace: 'shop',
        workload: 'payments',
        app: 'payments',
        external: false,
      },
      {
        id: 'shop/redis',
        namespace: 'shop',
        workload: 'redis',
        app: 'redis',
        external: false,
      },
      { id: 'unknown', workload: 'unknown', external: true },
    ]);
  });

  it('gives the same values over a 5 minute window (constant rates)', async () => {
    const result = await edges.workloadEdges(checkout, 300, end);
    expect(byKey(result.edges)['legacy/batch → shop/checkout']).toEqual(
      expected(['legacy/batch → shop/checkout'])[
        'legacy/batch → shop/checkout'
      ],
    );
  });

  it("reads the whole mesh's graph from the server side in 5 queries", async () => {
    const before = client.requestCount;
    const result = await edges.meshEdges(3600, end);
    expect(client.requestCount - before).toBe(5);
    const got = byKey(result.edges);
    const defined = [
      'legacy/batch → shop/checkout',
      'other/a → other/b',
      'shop/checkout → shop/payments',
      'shop/checkout → shop/redis',
      'shop/frontend → shop/checkout',
      'unknown → shop/checkout',
    ];
    expect(Object.fromEntries(defined.map(k => [k, got[k]]))).toEqual(
      expected(defined),
    );
    // Every namespace's: also the synthetic mesh's own workload, whose server-side series name no caller.
    const [own] = prometheus.mesh.workloads;
    expect(Object.keys(got).sort()).toEqual(
      [...defined, `unknown → ${own.namespace}/${own.workload}`].sort(),
    );
  });

  it('asks Prometheus for the edges with traffic only: no zero rate or NaN quantile in any answer', async () => {
    const { sent } = await withSentQueries(client, () =>
      edges.meshEdges(3600, end),
    );
    expect(sent).toHaveLength(5);
    // The idle edge's series are there, at rate 0.
    await expect(
      client.query(
        'sum by (destination_workload) (rate(istio_requests_total{destination_workload_namespace="idle"}[1h]))',
        end,
      ),
    ).resolves.toEqual([{ metric: { destination_workload: 'b' }, value: 0 }]);
    const samples = (
      await Promise.all(sent.map(promql => client.query(promql, end)))
    ).flat();
    expect(samples.length).toBeGreaterThan(0);
    expect(
      samples.filter(
        s =>
          s.value === null ||
          s.value === 0 ||
          s.metric.destination_workload_namespace === 'idle',
      ),
    ).toEqual([]);
  });

  it('lists the destinations a workload called in the last 7 days', async () => {
    const active = await edges.activeDestinations(checkout, 7 * 86400, end);
    expect(active.map(n => n.id).sort()).toEqual([
      'external:api.stripe.example',
      'shop/payments',
      'shop/redis',
    ]);
  });

  it('refuses names that are not Kubernetes names before any query', async () => {
    const before = client.requestCount;
    await expect(
      edges.workloadEdges(
        { namespace: 'shop', workload: 'checkout"} or vector(1) #' },
        300,
        end,
      ),
    ).rejects.toThrow(InputError);
    expect(client.requestCount).toBe(before);
  });
});
