/*
 * Integration tests against a real Prometheus (Debian's `prometheus` package) holding a synthetic Istio
 * mesh backfilled by promtool. Expected values come from the generator's formula, not from the data.
 */
import type {
  GoldenSignalValues,
  SeriesPoint,
} from '@meshport/plugin-service-mesh-common';
import { InputError } from '@backstage/errors';
import {
  expectedSignals,
  startPrometheus,
  type RunningPrometheus,
  type SyntheticWorkload,
  type SyntheticWorkloadKind,
} from '../../__testUtils__/prometheus';
import { withSentQueries } from '../../__testUtils__/prometheus/sentQueries';
import { UpstreamError } from '../upstream';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusGoldenSignals } from './PrometheusGoldenSignals';
import { selector, type WorkloadTarget } from './promql';
import { SIGNAL_RANGES } from './ranges';

jest.setTimeout(120_000);

let prometheus: RunningPrometheus;
let client: PrometheusClient;
let signals: PrometheusGoldenSignals;
let end: number;

beforeAll(async () => {
  prometheus = await startPrometheus({
    workloads: 30,
    minutes: 75,
    namespaces: 3,
  });
  client = new PrometheusClient({ baseUrl: prometheus.url, timeoutMs: 10_000 });
  signals = new PrometheusGoldenSignals(client);
  end = prometheus.endTimeSec;
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
});

const VALUE_KEYS: Array<keyof GoldenSignalValues> = [
  'requestsPerSecond',
  'errorRatio',
  'latencyP50Ms',
  'latencyP95Ms',
  'latencyP99Ms',
  'cpuSaturation',
  'memorySaturation',
];

function workloadOf(kind: SyntheticWorkloadKind): SyntheticWorkload {
  const found = prometheus.mesh.workloads.find(w => w.kind === kind);
  if (!found) throw new Error(`no ${kind} workload`);
  return found;
}

function target(w: SyntheticWorkload): WorkloadTarget {
  return { namespace: w.namespace, workload: w.workload };
}

/**
 * Why `actual` differs from `expected`, or undefined when it does not: null must be null, numbers must
 * agree to 5e-7 (float sums in Prometheus and here differ around the 13th digit).
 */
function mismatch(
  actual: number | null | undefined,
  expected: number | null,
  what: string,
  tolerance = 5e-7,
): string | undefined {
  if (expected === null) {
    return actual === null
      ? undefined
      : `${what}: got ${actual}, expected null`;
  }
  if (typeof actual !== 'number' || Math.abs(actual - expected) >= tolerance) {
    return `${what}: got ${actual}, expected ${expected}`;
  }
  return undefined;
}

/** Mismatches of all golden signal values of `w` at `t` against the formula. */
function mismatches(
  actual: GoldenSignalValues,
  w: SyntheticWorkload,
  t: number,
  windowSec = 300,
): string[] {
  const expected = expectedSignals(prometheus.mesh, w, t, windowSec);
  return VALUE_KEYS.map(key =>
    mismatch(actual[key], expected[key], `${w.workload} ${key} at ${t}`),
  ).filter((m): m is string => m !== undefined);
}

describe('PrometheusGoldenSignals against a real Prometheus', () => {
  it.each<SyntheticWorkloadKind>([
    'steady',
    'burst',
    'partial-mtls',
    'idle',
    'silent',
  ])(
    'computes the current golden signals of a %s workload as the formula predicts',
    async kind => {
      const w = workloadOf(kind);
      const result = await signals.entitySignals(target(w), '1h', end);
      expect(mismatches(result.current, w, end)).toEqual([]);
    },
  );

  it('reports the 5xx burst, zero errors without 5xx series, and null (not 0) without traffic', async () => {
    const [burst, steady, idle, silent] = await Promise.all(
      (['burst', 'steady', 'idle', 'silent'] as const).map(kind =>
        signals.entitySignals(target(workloadOf(kind)), '1h', end),
      ),
    );
    expect(burst.current.errorRatio).toBeCloseTo(0.25, 9);
    // Before the burst (15 minutes before the end) the error ratio was 1%.
    const before = burst.series.errorRatio.find(([t]) => t === end - 900);
    expect(before?.[1]).toBeCloseTo(0.01, 9);
    expect(steady.current.errorRatio).toBe(0);
    expect(idle.current).toMatchObject({
      requestsPerSecond: 0,
      errorRatio: null,
      latencyP50Ms: null,
      latencyP99Ms: null,
    });
    expect(silent.current.requestsPerSecond).toBeNull();
    // Saturation excludes the sidecar and the pod-level cgroup: only the app containers count.
    const w = workloadOf('silent');
    expect(silent.current.cpuSaturation).toBeCloseTo(
      expectedSignals(prometheus.mesh, w, end).cpuSaturation!,
      9,
    );
  });

  it('measures the observed mTLS share per workload', async () => {
    const kinds = [
      'steady',
      'burst',
      'partial-mtls',
      'idle',
      'silent',
    ] as const;
    const targets = kinds.map(kind => target(workloadOf(kind)));
    const observed = await signals.observedMtls(targets, end);
    const get = (kind: SyntheticWorkloadKind) => {
      const w = workloadOf(kind);
      return observed.get(`${w.namespace}/${w.workload}`);
    };
    expect(get('steady')?.mutualTlsShare).toBeCloseTo(1, 9);
    expect(get('partial-mtls')?.mutualTlsShare).toBeCloseTo(0.6, 9);
    expect(get('idle')).toEqual({ mutualTlsShare: null, requestsPerSecond: 0 });
    expect(get('silent')).toEqual({
      mutualTlsShare: null,
      requestsPerSecond: 0,
    });
    const wrong = kinds.flatMap(kind => {
      const expected = expectedSignals(prometheus.mesh, workloadOf(kind), end);
      return [
        mismatch(
          get(kind)?.mutualTlsShare,
          expected.mutualTlsShare,
          `${kind} mTLS share`,
        ),
        mismatch(
          get(kind)?.requestsPerSecond,
          expected.requestsPerSecond ?? 0,
          `${kind} rps`,
        ),
      ].filter(m => m !== undefined);
    });
    expect(wrong).toEqual([]);
  });

  it.each(['1h', '6h', '24h'] as const)(
    'returns %s series on the full step grid, null before the data and the formula inside it',
    async range => {
      const { rangeSec, stepSec } = SIGNAL_RANGES[range];
      const windowSec = Math.max(300, stepSec);
      const gridEnd = Math.floor(end / stepSec) * stepSec;
      const start = prometheus.mesh.startSec;
      for (const kind of ['burst', 'partial-mtls', 'idle'] as const) {
        const w = workloadOf(kind);
        const result = await signals.entitySignals(target(w), range, end);
        expect(result.range).toBe(range);
        expect(result.stepSeconds).toBe(stepSec);
        const series = result.series as Record<
          keyof GoldenSignalValues,
          SeriesPoint[]
        >;
        let checked = 0;
        const wrong: string[] = [];
        for (const key of VALUE_KEYS) {
          const points = series[key];
          expect(points).toHaveLength(rangeSec / stepSec + 1);
          expect(points.map(([t]) => t)).toEqual(
            points.map((_, i) => gridEnd - rangeSec + i * stepSec),
          );
          for (const [t, value] of points) {
            const what = `${range} ${w.workload} ${key} at ${t}`;
            let problem: string | undefined;
            if (t < start) {
              problem = mismatch(value, null, what);
            } else if (t - windowSec >= start) {
              const expected = expectedSignals(
                prometheus.mesh,
                w,
                t,
                windowSec,
              );
              problem = mismatch(value, expected[key], what);
              checked++;
            }
            if (problem) wrong.push(problem);
          }
        }
        expect(wrong).toEqual([]);
        // The data covers 75 minutes: every range has points inside it.
        expect(checked).toBeGreaterThanOrEqual(7 * 2);
      }
    },
  );

  it('gives the same current values batched as per workload, for every workload', async () => {
    const all = prometheus.mesh.workloads;
    const batched = await signals.currentValues(all.map(target), end);
    expect(batched.size).toBe(all.length);
    const wrong: string[] = [];
    for (const w of all) {
      const single = await signals.entitySignals(target(w), '1h', end);
      const fromBatch = batched.get(`${w.namespace}/${w.workload}`)!;
      for (const key of VALUE_KEYS) {
        const problem = mismatch(
          fromBatch[key],
          single.current[key],
          `${w.workload} ${key} batched vs single`,
          1e-9,
        );
        if (problem) wrong.push(problem);
      }
      wrong.push(...mismatches(fromBatch, w, end));
    }
    expect(wrong).toEqual([]);
  });

  it('answers only for the requested workloads, unknown ones with nulls', async () => {
    const some = prometheus.mesh.workloads
      .filter(w => w.namespace !== 'mesh-2')
      .slice(0, 4);
    const ghost = { namespace: 'mesh-0', workload: 'ghost' };
    const result = await signals.currentValues(
      [...some.map(target), ghost],
      end,
    );
    expect([...result.keys()].sort()).toEqual(
      [...some.map(w => `${w.namespace}/${w.workload}`), 'mesh-0/ghost'].sort(),
    );
    expect(result.get('mesh-0/ghost')).toEqual(
      Object.fromEntries(VALUE_KEYS.map(key => [key, null])),
    );
  });

  it('gives the overview values of every workload in four queries over all namespaces', async () => {
    const all = prometheus.mesh.workloads;
    const { result: overview, sent } = await withSentQueries(client, () =>
      signals.overviewValues(end),
    );
    expect(sent.sort()).toEqual(
      [
        'histogram_quantile(0.99, sum by (destination_workload_namespace, destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[5m])))',
        'sum by (destination_workload_namespace, destination_workload) (rate(istio_requests_total{reporter="destination"}[5m]))',
        'sum by (destination_workload_namespace, destination_workload) (rate(istio_requests_total{reporter="destination",connection_security_policy="mutual_tls"}[5m]))',
        'sum by (destination_workload_namespace, destination_workload) (rate(istio_requests_total{reporter="destination",response_code=~"5.."}[5m]))',
      ].sort(),
    );
    const targets = all.map(target);
    const [current, observed] = await Promise.all([
      signals.currentValues(targets, end),
      signals.observedMtls(targets, end),
    ]);
    // Only workloads with Istio metrics are in the map; the others (no sidecar) have no traffic.
    expect([...overview.keys()].sort()).toEqual(
      all
        .filter(
          w =>
            current.get(`${w.namespace}/${w.workload}`)!.requestsPerSecond !==
            null,
        )
        .map(w => `${w.namespace}/${w.workload}`)
        .sort(),
    );
    expect(overview.size).toBeGreaterThan(0);
    expect(overview.size).toBeLessThan(all.length);
    for (const w of all) {
      const key = `${w.namespace}/${w.workload}`;
      const values = current.get(key)!;
      expect(
        overview.get(key) ?? {
          requestsPerSecond: null,
          errorRatio: null,
          latencyP99Ms: null,
          observedMtls: { mutualTlsShare: null, requestsPerSecond: 0 },
        },
      ).toEqual({
        requestsPerSecond: values.requestsPerSecond,
        errorRatio: values.errorRatio,
        latencyP99Ms: values.latencyP99Ms,
        observedMtls: observed.get(key),
      });
    }
  });

  it('sends the same number of queries for 3 and for 30 workloads', async () => {
    const all = prometheus.mesh.workloads.map(target);
    const count = async (run: () => Promise<unknown>) => {
      const before = client.requestCount;
      await run();
      return client.requestCount - before;
    };
    const three = await count(() =>
      signals.currentValues(all.slice(0, 3), end),
    );
    const thirty = await count(() => signals.currentValues(all, end));
    expect(three).toBe(7);
    expect(thirty).toBe(7);
    expect(await count(() => signals.observedMtls(all.slice(0, 3), end))).toBe(
      2,
    );
    expect(await count(() => signals.observedMtls(all, end))).toBe(2);
    expect(await count(() => signals.currentValues([], end))).toBe(0);
  });

  it.each([
    ['a quote and a brace', 'steady-0"}'],
    ['an injected matcher', 'steady-0",destination_workload=~".*'],
    ['a regex operator', 'steady-0=~.*'],
    ['braces', '{steady-0}'],
    ['a newline', 'steady-0\nsum(up)'],
    ['300 characters', 'x'.repeat(300)],
  ])('rejects a workload with %s before any query', async (_what, workload) => {
    const before = client.requestCount;
    await expect(
      signals.entitySignals({ namespace: 'mesh-0', workload }, '1h', end),
    ).rejects.toThrow(InputError);
    await expect(
      signals.entitySignals({ namespace: 'mesh-0', workload }, '1h', end),
    ).rejects.toThrow(/Invalid target\.workload/);
    await expect(
      signals.currentValues(
        [
          target(workloadOf('steady')),
          { namespace: workload, workload: 'steady-0' },
        ],
        end,
      ),
    ).rejects.toThrow(/Invalid targets\[1\]\.namespace/);
    await expect(
      signals.observedMtls([{ namespace: 'mesh-0', workload }], end),
    ).rejects.toThrow(/Invalid targets\[0\]\.workload/);
    expect(client.requestCount).toBe(before);
  });

  it('keeps a hostile value inside its label matcher even if it got past validation', async () => {
    const hostile = 'x"}) or vector(42) or sum(up{a="';
    const spliced = `sum(istio_requests_total{destination_workload="${hostile}"})`;
    // Spliced raw, the value rewrites the query...
    await expect(client.query(spliced, end)).resolves.toEqual([
      { metric: {}, value: 42 },
    ]);
    // ...escaped by the builder, it is just a label value no series has.
    const escaped = `sum(${selector('istio_requests_total', [
      { label: 'destination_workload', op: '=', value: hostile },
    ])})`;
    await expect(client.query(escaped, end)).resolves.toEqual([]);
  });

  it('reads the Prometheus version for diagnostics', async () => {
    await expect(client.version()).resolves.toMatch(/^2\.\d+\.\d+/);
  });

  it("maps Prometheus' own error answer to bad-answer with its reason", async () => {
    const error = await client.query('sum(rate(', end).catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ state: 'bad-answer', status: 400 });
    expect(error.message).toMatch(/parse error/);
  });
});

describe('startPrometheus', () => {
  it('fails with the install command when the binaries are missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(
        startPrometheus({ workloads: 1, minutes: 10 }),
      ).rejects.toThrow(
        /prometheus is not installed.*\n.*apt-get install -y --no-install-recommends prometheus/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
