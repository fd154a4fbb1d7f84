import type {
  GoldenSignals,
  GoldenSignalValues,
  ObservedMtls,
  SeriesPoint,
  SignalRange,
} from '@meshport/plugin-service-mesh-common';
import { InputError } from '@backstage/errors';
import type {
  GoldenSignalsSource,
  OverviewSignals,
  WorkloadSignals,
} from './GoldenSignalsSource';
import type { PrometheusClient, PrometheusSeries } from './PrometheusClient';
import { cpuSaturationQuery, memorySaturationQuery } from './containerQueries';
import {
  checkTarget,
  errorsQuery,
  latencyQuery,
  mutualTlsQuery,
  trafficQuery,
  type ClusterLabels,
  type QueryScope,
  type WorkloadTarget,
} from './promql';
import {
  batchOf,
  byClusterNaming,
  DEFAULT_CLUSTER_LABELS,
  keyed,
  nowSeconds,
  observedMtlsOf,
  perTarget,
  ratio,
} from './batch';
import { rateWindowSec, SIGNAL_RANGES } from './ranges';
import { recordedOverviewQueries } from './recordingRules';

const QUANTILES = {
  latencyP50Ms: 0.5,
  latencyP95Ms: 0.95,
  latencyP99Ms: 0.99,
} as const;
const CURRENT_WINDOW = rateWindowSec();

type SeriesName = keyof GoldenSignals['series'];

/** Options of {@link PrometheusGoldenSignals}. */
export interface GoldenSignalsOptions {
  /** The overview reads Meshport's recorded series (`prometheus-rules.yaml`) instead of Istio's raw ones. */
  recordingRules?: boolean;
}

/** Golden signals and observed mTLS read from Prometheus with Istio's standard metrics. */
export class PrometheusGoldenSignals implements GoldenSignalsSource {
  readonly #client: PrometheusClient;
  readonly #labels: ClusterLabels;
  readonly #recordingRules: boolean;

  constructor(
    client: PrometheusClient,
    labels: ClusterLabels = DEFAULT_CLUSTER_LABELS,
    options: GoldenSignalsOptions = {},
  ) {
    this.#client = client;
    this.#labels = labels;
    this.#recordingRules = options.recordingRules ?? false;
  }

  async entitySignals(
    target: WorkloadTarget,
    range: SignalRange,
    nowSec?: number,
  ): Promise<WorkloadSignals> {
    const checked = checkTarget(target);
    const span = SIGNAL_RANGES[range];
    if (!span)
      throw new InputError(
        `Invalid range ${JSON.stringify(range)}: expected 1h, 6h, 24h or 7d`,
      );
    const now = nowSeconds(nowSec);
    const { stepSec, rangeSec } = span;
    const end = Math.floor(now / stepSec) * stepSec;
    const start = end - rangeSec;
    const scope: QueryScope = checked.cluster
      ? { kind: 'workload', target: checked, clusterLabels: this.#labels }
      : { kind: 'workload', target: checked };
    const w = rateWindowSec(stepSec);
    const grid = (promql: string) =>
      this.#client
        .queryRange(promql, start, end, stepSec)
        .then(result => fillGrid(result[0], start, end, stepSec));
    const [current, traffic, errors, p50, p95, p99, cpu, memory] =
      await Promise.all([
        this.#current(scope, now),
        grid(trafficQuery(scope, w)),
        grid(errorsQuery(scope, w)),
        grid(latencyQuery(QUANTILES.latencyP50Ms, scope, w)),
        grid(latencyQuery(QUANTILES.latencyP95Ms, scope, w)),
        grid(latencyQuery(QUANTILES.latencyP99Ms, scope, w)),
        grid(cpuSaturationQuery(scope, w)),
        grid(memorySaturationQuery(scope)),
      ]);
    const series: Record<SeriesName, SeriesPoint[]> = {
      requestsPerSecond: traffic,
      // A point without 5xx series but with traffic is 0 errors, not unknown.
      errorRatio: traffic.map(([t, total], i) => [
        t,
        total === null ? null : ratio(errors[i][1], total),
      ]),
      latencyP50Ms: p50,
      latencyP95Ms: p95,
      latencyP99Ms: p99,
      cpuSaturation: cpu,
      memorySaturation: memory,
    };
    return { current, range, stepSeconds: stepSec, series };
  }

  currentValues(
    targets: readonly WorkloadTarget[],
    nowSec?: number,
  ): Promise<Map<string, GoldenSignalValues>> {
    return byClusterNaming(targets, async batchTargets => {
      const batch = batchOf(batchTargets, nowSec, this.#labels);
      if (!batch) return new Map();
      const { checked, scope, now } = batch;
      const istio = (promql: string) => this.#byWorkload(promql, now, scope);
      const containers = (promql: string) =>
        this.#client
          .query(promql, now)
          .then(r =>
            keyed(r, 'namespace', 'workload', scope.clusterLabels?.container),
          );
      const values = await currentQueries(scope, istio, containers);
      return perTarget(checked, key =>
        goldenValues(k => values[k].get(key) ?? null),
      );
    });
  }

  async overviewValues(
    nowSec?: number,
    byCluster = false,
  ): Promise<Map<string, OverviewSignals>> {
    const now = nowSeconds(nowSec);
    // Unscoped: Prometheus answers "all namespaces" about as fast as a regex over the overview's
    // namespaces, and the queries need not wait for the Argo CD lists that name those namespaces.
    const scope: QueryScope = byCluster
      ? { kind: 'all', clusterLabels: this.#labels }
      : { kind: 'all' };
    const istio = (promql: string) => this.#byWorkload(promql, now, scope);
    // The recorded series hold the same queries' answers, evaluated by Prometheus ahead of time.
    const queries = this.#recordingRules
      ? recordedOverviewQueries(scope, QUANTILES.latencyP99Ms)
      : {
          traffic: trafficQuery(scope, CURRENT_WINDOW),
          errors: errorsQuery(scope, CURRENT_WINDOW),
          latency: latencyQuery(QUANTILES.latencyP99Ms, scope, CURRENT_WINDOW),
          mutualTls: mutualTlsQuery(scope, CURRENT_WINDOW),
        };
    const [traffic, errors, p99, mutual] = await Promise.all([
      istio(queries.traffic),
      istio(queries.errors),
      istio(queries.latency),
      istio(queries.mutualTls),
    ]);
    const result = new Map<string, OverviewSignals>();
    for (const key of new Set([...traffic.keys(), ...p99.keys()])) {
      const requests = traffic.get(key) ?? null;
      result.set(key, {
        requestsPerSecond: requests,
        errorRatio: ratio(errors.get(key) ?? null, requests),
        latencyP99Ms: p99.get(key) ?? null,
        observedMtls: observedMtlsOf(traffic, mutual, key),
      });
    }
    return result;
  }

  observedMtls(
    targets: readonly WorkloadTarget[],
    nowSec?: number,
  ): Promise<Map<string, ObservedMtls>> {
    return byClusterNaming(targets, async batchTargets => {
      const batch = batchOf(batchTargets, nowSec, this.#labels);
      if (!batch) return new Map();
      const { checked, scope, now } = batch;
      const [traffic, mutual] = await Promise.all([
        this.#byWorkload(trafficQuery(scope, CURRENT_WINDOW), now, scope),
        this.#byWorkload(mutualTlsQuery(scope, CURRENT_WINDOW), now, scope),
      ]);
      return perTarget(checked, key => observedMtlsOf(traffic, mutual, key));
    });
  }

  /** An instant query over Istio's metrics, keyed by the destination labels (and cluster, if grouped). */
  #byWorkload(promql: string, now: number, scope?: QueryScope) {
    return this.#client
      .query(promql, now)
      .then(r =>
        keyed(
          r,
          'destination_workload_namespace',
          'destination_workload',
          scope?.clusterLabels?.istio,
        ),
      );
  }

  /** Current values of one workload with per-workload queries (the shape peer plugins send). */
  async #current(scope: QueryScope, now: number): Promise<GoldenSignalValues> {
    const one = (promql: string) =>
      this.#client.query(promql, now).then(r => (r.length ? r[0].value : null));
    const values = await currentQueries(scope, one, one);
    return goldenValues(k => values[k]);
  }
}

type CurrentQuery =
  'traffic' | 'errors' | 'p50' | 'p95' | 'p99' | 'cpu' | 'memory';

/**
 * The current values' seven queries, Istio's through `istio` and the containers' through
 * `containers`, so the batched (keyed by workload) and the per-workload reads send the same PromQL.
 */
async function currentQueries<T>(
  scope: QueryScope,
  istio: (promql: string) => Promise<T>,
  containers: (promql: string) => Promise<T>,
): Promise<Record<CurrentQuery, T>> {
  const [traffic, errors, p50, p95, p99, cpu, memory] = await Promise.all([
    istio(trafficQuery(scope, CURRENT_WINDOW)),
    istio(errorsQuery(scope, CURRENT_WINDOW)),
    istio(latencyQuery(QUANTILES.latencyP50Ms, scope, CURRENT_WINDOW)),
    istio(latencyQuery(QUANTILES.latencyP95Ms, scope, CURRENT_WINDOW)),
    istio(latencyQuery(QUANTILES.latencyP99Ms, scope, CURRENT_WINDOW)),
    containers(cpuSaturationQuery(scope, CURRENT_WINDOW)),
    containers(memorySaturationQuery(scope)),
  ]);
  return { traffic, errors, p50, p95, p99, cpu, memory };
}

/** The golden-signal values from the current queries' answers for one workload. */
function goldenValues(
  value: (query: CurrentQuery) => number | null,
): GoldenSignalValues {
  const requests = value('traffic');
  return {
    requestsPerSecond: requests,
    errorRatio: ratio(value('errors'), requests),
    latencyP50Ms: value('p50'),
    latencyP95Ms: value('p95'),
    latencyP99Ms: value('p99'),
    cpuSaturation: value('cpu'),
    memorySaturation: value('memory'),
  };
}

/** Every step from start to end, with null where Prometheus had no value. */
function fillGrid(
  series: PrometheusSeries | undefined,
  start: number,
  end: number,
  step: number,
): SeriesPoint[] {
  const byTime = new Map(series?.values ?? []);
  const points: SeriesPoint[] = [];
  for (let t = start; t <= end; t += step)
    points.push([t, byTime.get(t) ?? null]);
  return points;
}
