/*
 * PromQL of the traffic edges between workloads, from Istio's standard metrics, composed with the
 * checked builders of promql.ts. Each direction is read from the proxy that sees it: inbound edges
 * (who calls a workload) and the mesh graph from the server side (`reporter="destination"`, which
 * also sees callers outside the mesh as `source_workload="unknown"`), outbound edges (whom a workload
 * calls) from the client side (`reporter="source"`, which also sees destinations without a sidecar).
 * Only the server side knows whether a connection was mutual TLS, so outbound edges read their mTLS
 * share from the server side of the same edges.
 *
 * Multi-cluster: a scope with cluster labels matches the cluster of the workload it is about and
 * groups by both ends' clusters, so the same namespace/workload in two clusters is two nodes, never
 * their sum.
 */
import {
  checkTarget,
  quoteLabelValue,
  selector,
  window,
  type LabelMatcher,
  type WorkloadTarget,
} from './promql';

/** The labels of Istio's metrics naming the cluster of each end of an edge. */
export interface EdgeClusterLabels {
  /** Istio's `source_cluster`. */
  source: string;
  /** Istio's `destination_cluster`. */
  destination: string;
}

/**
 * Which edges a query reads. With `clusterLabels` (multi-cluster) the workload's `cluster` is matched,
 * and the answers are grouped by both ends' clusters.
 */
export type EdgeScope =
  /** Edges into one workload. */
  (
    | { kind: 'inbound'; target: WorkloadTarget }
    /** Edges out of one workload. */
    | { kind: 'outbound'; target: WorkloadTarget }
    /** Every edge into a workload of the mesh, in every namespace. */
    | { kind: 'mesh' }
  ) & { clusterLabels?: EdgeClusterLabels };

/** The labels every edge query groups by: both ends of the edge. */
export const EDGE_LABELS = [
  'source_workload',
  'source_workload_namespace',
  'source_canonical_service',
  'destination_workload',
  'destination_workload_namespace',
  'destination_canonical_service',
] as const;

/**
 * Outbound edges also group by the destination host, which names destinations outside the mesh;
 * multi-cluster scopes also by both ends' clusters.
 */
export function edgeGroup(scope: EdgeScope): string[] {
  return [
    ...EDGE_LABELS,
    ...(scope.kind === 'outbound' ? ['destination_service'] : []),
    ...(scope.clusterLabels
      ? [scope.clusterLabels.source, scope.clusterLabels.destination]
      : []),
  ];
}

/** Checks the names of a scope; errors name the field. */
export function checkEdgeScope(scope: EdgeScope): EdgeScope {
  const labels = scope.clusterLabels
    ? { clusterLabels: scope.clusterLabels }
    : {};
  if (scope.kind === 'mesh') return { kind: 'mesh', ...labels };
  return { kind: scope.kind, target: checkTarget(scope.target), ...labels };
}

/** The matcher of the workload's cluster, on the cluster label of `side`. */
function clusterMatcher(
  target: WorkloadTarget,
  label: string | undefined,
): LabelMatcher[] {
  return label === undefined || target.cluster === undefined
    ? []
    : [{ label, op: '=', value: target.cluster }];
}

function sideMatchers(scope: EdgeScope): LabelMatcher[] {
  // The mesh reads every namespace: the caller keeps the edges into the places it shows.
  if (scope.kind === 'mesh') return [];
  const side = scope.kind === 'inbound' ? 'destination' : 'source';
  return [
    {
      label: `${side}_workload_namespace`,
      op: '=',
      value: scope.target.namespace,
    },
    { label: `${side}_workload`, op: '=', value: scope.target.workload },
    ...clusterMatcher(scope.target, scope.clusterLabels?.[side]),
  ];
}

function matchers(
  scope: EdgeScope,
  reporter: 'source' | 'destination',
  extra: LabelMatcher[] = [],
): LabelMatcher[] {
  return [
    { label: 'reporter', op: '=', value: reporter },
    ...sideMatchers(scope),
    ...extra,
  ];
}

const reporterOf = (scope: EdgeScope) =>
  scope.kind === 'outbound' ? 'source' : 'destination';

const by = (labels: readonly string[]) => ` by (${labels.join(', ')})`;

/**
 * Only the series with traffic: an edge that carried nothing in the window (its counters stay, at rate
 * 0) is no edge, so Prometheus leaves it out of the answer instead of the backend parsing and dropping it.
 */
const withTraffic = (expr: string) => `${expr} > 0`;

function rate(metric: string, m: LabelMatcher[], windowSec: number): string {
  return `rate(${selector(metric, m)}[${window(windowSec)}])`;
}

/** Requests per second by edge, protocol and security policy, as the direction's reporter sees them. */
export function edgeRequestsQuery(scope: EdgeScope, windowSec: number): string {
  const group = [
    ...edgeGroup(scope),
    'request_protocol',
    'connection_security_policy',
  ];
  return withTraffic(
    `sum${by(group)} (${rate('istio_requests_total', matchers(scope, reporterOf(scope)), windowSec)})`,
  );
}

/**
 * The server side's view of the scope's requests by security policy: outbound edges' mTLS share (for
 * inbound and mesh scopes it is {@link edgeRequestsQuery} itself).
 */
export function edgeSecurityQuery(scope: EdgeScope, windowSec: number): string {
  const group = [
    ...edgeGroup(scope),
    'request_protocol',
    'connection_security_policy',
  ];
  return withTraffic(
    `sum${by(group)} (${rate('istio_requests_total', matchers(scope, 'destination'), windowSec)})`,
  );
}

/**
 * Failed requests per second by edge and protocol: HTTP 5xx, and gRPC calls whose
 * `grpc_response_status` is not OK (0) among the others (so no request counts twice).
 */
export function edgeErrorsQuery(scope: EdgeScope, windowSec: number): string {
  const reporter = reporterOf(scope);
  const http = rate(
    'istio_requests_total',
    matchers(scope, reporter, [
      { label: 'response_code', op: '=~', value: '5..' },
    ]),
    windowSec,
  );
  const grpc = rate(
    'istio_requests_total',
    matchers(scope, reporter, [
      { label: 'request_protocol', op: '=', value: 'grpc' },
      { label: 'response_code', op: '!~', value: '5..' },
      { label: 'grpc_response_status', op: '!~', value: '0|' },
    ]),
    windowSec,
  );
  return withTraffic(
    `sum${by([...edgeGroup(scope), 'request_protocol'])} (${http} or ${grpc})`,
  );
}

/**
 * p99 request duration (ms) by edge and protocol; an edge without requests in the window (quantile NaN,
 * which no comparison keeps) is left out.
 */
export function edgeLatencyQuery(scope: EdgeScope, windowSec: number): string {
  return `histogram_quantile(0.99, sum${by([...edgeGroup(scope), 'request_protocol', 'le'])} (${rate(
    'istio_request_duration_milliseconds_bucket',
    matchers(scope, reporterOf(scope)),
    windowSec,
  )})) >= 0`;
}

/** TCP connections opened per second by edge. */
export function edgeTcpConnectionsQuery(
  scope: EdgeScope,
  windowSec: number,
): string {
  return withTraffic(
    `sum${by(edgeGroup(scope))} (${rate('istio_tcp_connections_opened_total', matchers(scope, reporterOf(scope)), windowSec)})`,
  );
}

/**
 * TCP bytes per second, sent plus received, by edge and security policy, from `reporter` (the sent and
 * received series are told apart by a label before they are summed, so neither hides the other).
 */
export function edgeTcpBytesQuery(
  scope: EdgeScope,
  windowSec: number,
  reporter: 'source' | 'destination' = reporterOf(scope),
): string {
  const m = matchers(scope, reporter);
  const received = `label_replace(${rate('istio_tcp_received_bytes_total', m, windowSec)}, "meshport_direction", "received", "reporter", ${quoteLabelValue('.*')})`;
  return withTraffic(
    `sum${by([...edgeGroup(scope), 'connection_security_policy'])} (${rate('istio_tcp_sent_bytes_total', m, windowSec)} or ${received})`,
  );
}

/**
 * The destinations a workload sent any request or opened any TCP connection to within `windowSec`
 * (the declared-vs-observed check looks back 7 days), from the client side.
 */
export function edgeActivityQuery(
  target: WorkloadTarget,
  windowSec: number,
  clusterLabels?: EdgeClusterLabels,
): string {
  const scope: EdgeScope = {
    kind: 'outbound',
    target,
    ...(clusterLabels ? { clusterLabels } : {}),
  };
  const m = matchers(scope, 'source');
  const w = window(windowSec);
  return `count${by(edgeGroup(scope))} (increase(${selector('istio_requests_total', m)}[${w}]) > 0 or increase(${selector('istio_tcp_connections_opened_total', m)}[${w}]) > 0)`;
}
