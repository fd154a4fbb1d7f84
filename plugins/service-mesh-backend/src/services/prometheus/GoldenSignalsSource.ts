import type {
  GoldenSignals,
  GoldenSignalValues,
  ObservedMtls,
  SignalRange,
} from '@meshport/plugin-service-mesh-common';
import type { WorkloadTarget } from './promql';

/** Golden signals of one workload without the deploy marks (those come from Argo CD). */
export type WorkloadSignals = Omit<GoldenSignals, 'deploys'>;

/** What an overview row shows of one workload: traffic, error ratio, p99 latency and observed mTLS. */
export type OverviewSignals = Pick<
  GoldenSignalValues,
  'requestsPerSecond' | 'errorRatio' | 'latencyP99Ms'
> & { observedMtls: ObservedMtls };

/** Golden-signal values of a workload with no data at all (not "zero"). */
export const NO_SIGNAL_VALUES: Readonly<GoldenSignalValues> = Object.freeze({
  requestsPerSecond: null,
  errorRatio: null,
  latencyP50Ms: null,
  latencyP95Ms: null,
  latencyP99Ms: null,
  cpuSaturation: null,
  memorySaturation: null,
});

/** Observed mTLS of a workload with no traffic data. */
export const NO_OBSERVED_MTLS: Readonly<ObservedMtls> = Object.freeze({
  mutualTlsShare: null,
  requestsPerSecond: 0,
});

/** Where golden signals and observed mTLS come from (Prometheus, or the sandbox). */
export interface GoldenSignalsSource {
  /** Current values and series over `range` for one workload. */
  entitySignals(
    target: WorkloadTarget,
    range: SignalRange,
    nowSec?: number,
  ): Promise<WorkloadSignals>;
  /** Current values of many workloads, keyed `namespace/workload`, in a constant number of queries. */
  currentValues(
    targets: readonly WorkloadTarget[],
    nowSec?: number,
  ): Promise<Map<string, GoldenSignalValues>>;
  /**
   * The overview's values of every workload with Istio metrics, in all namespaces, keyed
   * `namespace/workload`: four queries, needing no targets, so they can start before the overview
   * knows its rows. A workload that is not in the map has no traffic.
   */
  overviewValues(
    nowSec?: number,
    /** Multi-cluster: grouped by the cluster label too, keyed `cluster:namespace/workload`. */
    byCluster?: boolean,
  ): Promise<Map<string, OverviewSignals>>;
  /** Share of inbound requests over mutual TLS in the last 5 minutes, keyed `namespace/workload`. */
  observedMtls(
    targets: readonly WorkloadTarget[],
    nowSec?: number,
  ): Promise<Map<string, ObservedMtls>>;
}
