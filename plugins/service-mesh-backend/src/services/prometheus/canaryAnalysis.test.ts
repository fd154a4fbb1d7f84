/*
 * The canary analysis against a real Prometheus (Debian's `prometheus` package) holding synthetic
 * per-version Istio metrics backfilled by promtool. Every expected value is derived by hand from the
 * constant rates of `syntheticCanary` (see its header), not read from the data.
 */
import { InputError } from '@backstage/errors';
import {
  canarySeries,
  startPrometheus,
  type RunningPrometheus,
  type SyntheticCanary,
} from '../../__testUtils__/prometheus';
import { PrometheusClient } from './PrometheusClient';
import {
  analyzeCanary,
  CANARY_ANALYSIS_DEFAULTS,
  type CanaryAnalysisConfig,
} from './canaryAnalysis';

jest.setTimeout(120_000);

const NS = 'shop';
// Stable v1 at 20 rps, 1 % 5xx, every request in (50, 100] ms: p99 = 50 + 0.99 × 50 = 99.5 ms.
const STABLE = { version: 'v1', rps: 20, errorShare: 0.01, latencyLe: 100 };
const CANARIES: SyntheticCanary[] = [
  // 1.5 % 5xx, same latency: within 1 point of the stable's 1 %.
  {
    namespace: NS,
    service: 'healthy',
    versions: [
      STABLE,
      { version: 'v2', rps: 2, errorShare: 0.015, latencyLe: 100 },
    ],
  },
  // 5 % 5xx: 4 points above the stable's.
  {
    namespace: NS,
    service: 'failing',
    versions: [
      STABLE,
      { version: 'v2', rps: 2, errorShare: 0.05, latencyLe: 100 },
    ],
  },
  // Every request in (100, 250] ms: p99 = 100 + 0.99 × 150 = 248.5 ms > 1.5 × 99.5 ms.
  {
    namespace: NS,
    service: 'slow',
    versions: [
      STABLE,
      { version: 'v2', rps: 2, errorShare: 0.01, latencyLe: 250 },
    ],
  },
  // 0.1 rps: 60 requests in 10 minutes, under the minimum of 100.
  {
    namespace: NS,
    service: 'quiet',
    versions: [
      STABLE,
      { version: 'v2', rps: 0.1, errorShare: 0, latencyLe: 100 },
    ],
  },
];

const THRESHOLDS: CanaryAnalysisConfig = CANARY_ANALYSIS_DEFAULTS;

let prometheus: RunningPrometheus;
let client: PrometheusClient;

beforeAll(async () => {
  prometheus = await startPrometheus({
    workloads: 1,
    minutes: 20,
    extraSeries: mesh => canarySeries(mesh, CANARIES),
  });
  client = new PrometheusClient({ baseUrl: prometheus.url, timeoutMs: 10_000 });
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
});

const analyze = (service: string, canary = 'v2') =>
  analyzeCanary(
    client,
    {
      target: { namespace: NS, workload: service },
      stable: 'v1',
      canary,
      nowSec: prometheus.endTimeSec,
    },
    THRESHOLDS,
  );

const stableSignals = {
  version: 'v1',
  requests: 12000,
  errorRatio: expect.closeTo(0.01, 9),
  latencyP99Ms: expect.closeTo(99.5, 9),
};

describe('analyzeCanary against Prometheus', () => {
  it('passes a canary within the thresholds', async () => {
    await expect(analyze('healthy')).resolves.toEqual({
      verdict: 'pass',
      summary:
        'canary v2: 1200 requests, 1.5% 5xx, p99 99.5 ms; stable v1: 12000 requests, 1% 5xx, p99 99.5 ms over 10m',
      stable: stableSignals,
      canary: {
        version: 'v2',
        requests: 1200,
        errorRatio: expect.closeTo(0.015, 9),
        latencyP99Ms: expect.closeTo(99.5, 9),
      },
      thresholds: THRESHOLDS,
    });
  });

  it('fails a canary with more errors, naming the metric and the values', async () => {
    const analysis = await analyze('failing');
    expect(analysis.verdict).toBe('fail');
    expect(analysis.summary).toBe(
      'error ratio: canary 5% > stable 1% + 1% (canary v2: 1200 requests, 5% 5xx, p99 99.5 ms; stable v1: 12000 requests, 1% 5xx, p99 99.5 ms over 10m)',
    );
    expect(analysis.canary.errorRatio).toBeCloseTo(0.05, 9);
    expect(analysis.stable).toEqual(stableSignals);
  });

  it('fails a slower canary on p99 latency', async () => {
    const analysis = await analyze('slow');
    expect(analysis.verdict).toBe('fail');
    expect(analysis.summary).toBe(
      'p99 latency: canary 248.5 ms > 1.5 × stable 99.5 ms (canary v2: 1200 requests, 1% 5xx, p99 248.5 ms; stable v1: 12000 requests, 1% 5xx, p99 99.5 ms over 10m)',
    );
    expect(analysis.canary.latencyP99Ms).toBeCloseTo(248.5, 9);
  });

  it('reports no-traffic when a version served too few requests', async () => {
    const analysis = await analyze('quiet');
    expect(analysis).toMatchObject({
      verdict: 'no-traffic',
      summary: 'too few requests over 10m: canary v2 60 (minimum 100)',
      canary: { version: 'v2', requests: 60, errorRatio: 0 },
    });
  });

  it('reports no-traffic for a version without any series', async () => {
    await expect(analyze('healthy', 'v3')).resolves.toMatchObject({
      verdict: 'no-traffic',
      summary: 'too few requests over 10m: canary v3 0 (minimum 100)',
      canary: {
        version: 'v3',
        requests: 0,
        errorRatio: null,
        latencyP99Ms: null,
      },
    });
  });

  it('refuses a bad version naming the field, before asking Prometheus', async () => {
    const before = client.requestCount;
    const refused = analyze('healthy', 'v2"} or up{');
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(/^Invalid canary "v2\\"} or up\{"/);
    expect(client.requestCount).toBe(before);
  });
});
