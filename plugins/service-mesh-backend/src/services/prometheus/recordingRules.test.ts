/*
 * The recording rules shipped in prometheus-rules.yaml: valid for promtool, exactly the overview's raw
 * queries, and — against a real Prometheus whose rules were evaluated over the synthetic mesh — the
 * overview reads the same rows from the recorded series as from the raw ones.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  startPrometheus,
  type RunningPrometheus,
} from '../../__testUtils__/prometheus';
import { withSentQueries } from '../../__testUtils__/prometheus/sentQueries';
import { DEFAULT_CLUSTER_LABELS } from './batch';
import type { OverviewSignals } from './GoldenSignalsSource';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusGoldenSignals } from './PrometheusGoldenSignals';
import {
  errorsQuery,
  latencyQuery,
  mutualTlsQuery,
  trafficQuery,
  type QueryScope,
} from './promql';
import { rateWindowSec } from './ranges';
import {
  RECORDED_CLUSTER_LABEL,
  RECORDED_SERIES,
  RECORDED_WINDOW_SEC,
  recordedOverviewQueries,
} from './recordingRules';

jest.setTimeout(60_000);

/**
 * The overview's values to ten significant digits: the rules were evaluated by promtool's range
 * queries, whose float sums differ from an instant query's around the 15th digit.
 */
function significant(values: Map<string, OverviewSignals>) {
  const round = (x: number | null) =>
    x === null ? x : Number(x.toPrecision(10));
  return new Map(
    [...values].map(([key, v]) => [
      key,
      {
        requestsPerSecond: round(v.requestsPerSecond),
        errorRatio: round(v.errorRatio),
        latencyP99Ms: round(v.latencyP99Ms),
        observedMtls: {
          mutualTlsShare: round(v.observedMtls.mutualTlsShare),
          requestsPerSecond: round(v.observedMtls.requestsPerSecond),
        },
      },
    ]),
  );
}

const RULES_FILE = join(__dirname, '../../../prometheus-rules.yaml');

function rulesOfFile(): Record<string, string> {
  const file = parse(readFileSync(RULES_FILE, 'utf8'));
  return Object.fromEntries(
    file.groups.flatMap((g: { rules: { record: string; expr: string }[] }) =>
      g.rules.map(r => [r.record, r.expr]),
    ),
  );
}

describe('prometheus-rules.yaml', () => {
  it('passes promtool check rules', async () => {
    const { stdout } = await promisify(execFile)('promtool', [
      'check',
      'rules',
      RULES_FILE,
    ]);
    expect(stdout).toContain('SUCCESS: 4 rules found');
  });

  it("records exactly the overview's raw queries, grouped by Istio's cluster label too", () => {
    expect(RECORDED_WINDOW_SEC).toBe(rateWindowSec());
    expect(RECORDED_CLUSTER_LABEL).toBe(DEFAULT_CLUSTER_LABELS.istio);
    const scope: QueryScope = {
      kind: 'all',
      clusterLabels: DEFAULT_CLUSTER_LABELS,
    };
    const w = RECORDED_WINDOW_SEC;
    const rules = rulesOfFile();
    expect(rules).toEqual({
      [RECORDED_SERIES.traffic]: trafficQuery(scope, w),
      [RECORDED_SERIES.errors]: errorsQuery(scope, w),
      [RECORDED_SERIES.mutualTls]: mutualTlsQuery(scope, w),
      [RECORDED_SERIES.latencyBuckets]: expect.any(String),
    });
    // The bucket rule is the inside of the p99 query.
    expect(
      `histogram_quantile(0.99, ${rules[RECORDED_SERIES.latencyBuckets]})`,
    ).toBe(latencyQuery(0.99, scope, w));
  });

  it('reads the recorded series grouped as the raw queries', () => {
    expect(recordedOverviewQueries({ kind: 'all' }, 0.99)).toEqual({
      traffic:
        'sum by (destination_workload_namespace, destination_workload) (meshport_workload:istio_requests:rate5m)',
      errors:
        'sum by (destination_workload_namespace, destination_workload) (meshport_workload:istio_requests_5xx:rate5m)',
      mutualTls:
        'sum by (destination_workload_namespace, destination_workload) (meshport_workload:istio_requests_mutual_tls:rate5m)',
      latency:
        'histogram_quantile(0.99, sum by (destination_workload_namespace, destination_workload, le) (meshport_workload:istio_request_duration_milliseconds_bucket:rate5m))',
    });
    expect(
      recordedOverviewQueries(
        { kind: 'all', clusterLabels: DEFAULT_CLUSTER_LABELS },
        0.99,
      ).traffic,
    ).toBe(
      'sum by (destination_workload_namespace, destination_workload, destination_cluster) (meshport_workload:istio_requests:rate5m)',
    );
  });
});

describe('the overview from recorded series (real Prometheus)', () => {
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    prometheus = await startPrometheus({
      workloads: 20,
      namespaces: 2,
      minutes: 20,
      recordingRules: [RULES_FILE],
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('gives the same rows as the raw series, reading only the recorded ones', async () => {
    const client = new PrometheusClient({
      baseUrl: prometheus.url,
      timeoutMs: 10_000,
    });
    const raw = new PrometheusGoldenSignals(client);
    const recorded = new PrometheusGoldenSignals(client, undefined, {
      recordingRules: true,
    });
    const end = prometheus.endTimeSec;
    const { result: fromRecorded, sent } = await withSentQueries(client, () =>
      recorded.overviewValues(end),
    );
    expect(sent.sort()).toEqual(
      Object.values(recordedOverviewQueries({ kind: 'all' }, 0.99)).sort(),
    );
    const fromRaw = await raw.overviewValues(end);
    // Four in five synthetic workloads have Istio metrics (the fifth kind has no sidecar).
    expect(fromRaw.size).toBe(16);
    expect(
      [...fromRaw.values()].filter(v => v.latencyP99Ms !== null).length,
    ).toBeGreaterThan(8);
    expect(significant(fromRecorded)).toEqual(significant(fromRaw));
    // Between two evaluations the recorded values are the last evaluation's, not the raw query's.
    expect(significant(await recorded.overviewValues(end - 7))).toEqual(
      significant(await raw.overviewValues(end - prometheus.mesh.intervalSec)),
    );
  });
});
