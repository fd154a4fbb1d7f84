/*
 * The overview's four series as Prometheus recording rules (`prometheus-rules.yaml` at the package
 * root), and the queries that read them when `serviceMesh.prometheus.recordingRules` is on. Each rule
 * records the raw overview query over every namespace, grouped by Istio's `destination_cluster` too;
 * the tests check the file against the query builders.
 */
import { groupOf, ISTIO_GROUP, type QueryScope } from './promql';

/** The recorded series, by the overview query they stand in for. */
export const RECORDED_SERIES = {
  traffic: 'meshport_workload:istio_requests:rate5m',
  errors: 'meshport_workload:istio_requests_5xx:rate5m',
  mutualTls: 'meshport_workload:istio_requests_mutual_tls:rate5m',
  latencyBuckets:
    'meshport_workload:istio_request_duration_milliseconds_bucket:rate5m',
} as const;

/** The rate window the rules record, in seconds (their names say `rate5m`). */
export const RECORDED_WINDOW_SEC = 300;

/** The cluster label the rules keep: a multi-cluster overview must group by this one to use them. */
export const RECORDED_CLUSTER_LABEL = 'destination_cluster';

/** The overview's queries over the recorded series: each grouped as the raw query of `scope` is. */
export function recordedOverviewQueries(
  scope: QueryScope,
  quantile: number,
): { traffic: string; errors: string; mutualTls: string; latency: string } {
  const by = groupOf(ISTIO_GROUP, scope, 'istio').join(', ');
  const sum = (series: string) => `sum by (${by}) (${series})`;
  return {
    traffic: sum(RECORDED_SERIES.traffic),
    errors: sum(RECORDED_SERIES.errors),
    mutualTls: sum(RECORDED_SERIES.mutualTls),
    latency: `histogram_quantile(${quantile}, sum by (${by}, le) (${RECORDED_SERIES.latencyBuckets}))`,
  };
}
