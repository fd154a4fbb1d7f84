/*
 * Wire types of the topology, mesh graph and trace routes, shared by the backend (which produces them)
 * and the frontend (which renders them). The backend decides every verdict (plaintext, external,
 * findings); the frontend renders them. Ratios in 0..1, latencies in milliseconds, rates per second.
 */
import type { FindingSeverity, SignalRange, SourceResult } from './types';

/** Protocol of an edge, from Istio's `request_protocol` label (`tcp` from the `istio_tcp_*` metrics). */
export type EdgeProtocol = 'http' | 'grpc' | 'tcp';

/** Node id of every caller Istio cannot name (`source_workload="unknown"`: outside the mesh). */
export const UNKNOWN_NODE_ID = 'unknown';

/** One workload (or an unknown caller, or a destination outside the mesh) in a graph. */
export interface TopologyNode {
  /**
   * `<namespace>/<workload>` for a workload in the mesh (`<cluster>:<namespace>/<workload>` when read
   * per cluster); {@link UNKNOWN_NODE_ID} for callers from outside the mesh; `external:<host>` for a
   * destination outside the mesh (e.g. a ServiceEntry host).
   */
  id: string;
  /**
   * Multi-cluster: the cluster the workload runs in, as Prometheus names it (Istio's
   * `source_cluster`/`destination_cluster`); absent in a single-cluster read.
   */
  cluster?: string;
  /** Kubernetes namespace; absent for the unknown caller and external hosts. */
  namespace?: string;
  /** Workload name (Istio's `*_workload` label), or the host of an external destination. */
  workload: string;
  /** Canonical service (Istio's `*_canonical_service` label, from the `app` label). */
  app?: string;
  /** True for the unknown caller and for destinations outside the mesh. */
  external: boolean;
  /** The catalog entity deployed as this workload, when one the caller may read matches. */
  entityRef?: string;
  /** Owner of that entity (mesh graph, for the owner filter). */
  owner?: string;
  /** Link to the workload in Kiali, when Kiali is configured and the node is a workload. */
  kialiUrl?: string;
}

/** Traffic between two nodes over the range, aggregated over all of their requests. */
export interface TopologyEdge {
  /** Node id of the caller. */
  source: string;
  /** Node id of the callee. */
  target: string;
  protocol: EdgeProtocol;
  /**
   * http/grpc: requests per second (`istio_requests_total`); tcp: connections opened per second
   * (`istio_tcp_connections_opened_total`).
   */
  requestsPerSecond: number;
  /** tcp only: bytes per second, sent plus received (`istio_tcp_sent_bytes_total` + `_received_`). */
  bytesPerSecond?: number;
  /** http: share of 5xx responses; grpc: share of non-OK `grpc_response_status`; null for tcp. */
  errorRatio: number | null;
  /** p99 of `istio_request_duration_milliseconds`; null for tcp or when there were no requests. */
  latencyP99Ms: number | null;
  /**
   * Share of the traffic with `connection_security_policy="mutual_tls"` (requests; tcp: bytes); null
   * when the reporter does not say (a source-reported edge without the label).
   */
  mutualTlsShare: number | null;
  /** True when some of this edge's traffic arrived without mutual TLS. */
  plaintext: boolean;
}

/** Kind of a declared-vs-observed finding. */
export type TopologyFindingKind =
  /** The workload calls a catalog entity it declares neither in `dependsOn` nor through `consumesApis`. */
  | 'undeclared-dependency'
  /** A declared dependency had no traffic from the workload in the last 7 days. */
  | 'declared-without-traffic'
  /** A caller reaches the workload without mutual TLS. */
  | 'plaintext-caller';

/** One finding of the comparison of observed edges with the catalog's relations. */
export interface TopologyFinding {
  kind: TopologyFindingKind;
  severity: FindingSeverity;
  /** The other end as a node id, when it is in the graph. */
  nodeId?: string;
  /** The other end as a catalog entity ref, when known. */
  entityRef?: string;
  /** A sentence such as "calls payments but does not declare it". */
  message: string;
  /** What to do, e.g. "add component:default/payments to spec.dependsOn". */
  fix: string;
}

/** Inbound callers and outbound dependencies of one entity's workload in one environment. */
export interface EntityTopology {
  range: SignalRange;
  /** Node id of the entity's own workload. */
  center: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  findings: TopologyFinding[];
}

/** `GET /entities/{kind}/{namespace}/{name}/topology?environment=prod&range=1h` */
export interface EntityTopologyResponse {
  entityRef: string;
  environment: string;
  sandbox: boolean;
  /** Edges from Prometheus; findings compare them with the catalog relations. */
  topology: SourceResult<EntityTopology>;
}

/** All meshed workloads of an environment and their edges. */
export interface MeshGraph {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

/** `GET /graph?environment=prod&namespace=shop&owner=group:default/team-a` */
export interface MeshGraphResponse {
  /** The environment shown. */
  environment: string;
  /** Every environment of the entities the caller may read, for a picker. */
  environments: string[];
  /** The namespaces of the environment (before the namespace filter), for a picker. */
  namespaces: string[];
  sandbox: boolean;
  graph: SourceResult<MeshGraph>;
  generatedAt: string;
}

/** The operation of a trace in which most time was spent by the operation's own span(s). */
export interface TraceHotspot {
  service: string;
  operation: string;
  /** The span's duration minus the time covered by its children, summed over the operation's spans. */
  selfTimeMs: number;
}

/** One trace of the last hour as the trace list shows it. */
export interface TraceSummary {
  traceId: string;
  /** ISO 8601 start of the earliest span. */
  startedAt: string;
  durationMs: number;
  spanCount: number;
  /** Spans tagged `error=true` (v1) or with status code ERROR (v3/OTLP). */
  errorSpanCount: number;
  /** `<service>: <operation>` of the root span. */
  rootOperation: string;
  hotspot: TraceHotspot | null;
  /** Deep link to the trace in the Jaeger UI. */
  url: string;
}

/** The slowest and the failing traces of a service over the last hour. */
export interface TraceSummaries {
  /** The service name the traces were looked up by in Jaeger. */
  service: string;
  lookback: '1h';
  /** Slowest first. */
  slowest: TraceSummary[];
  /** Traces with at least one error span, most recent first. */
  failing: TraceSummary[];
  /** Link to the service's search page in the Jaeger UI. */
  searchUrl: string;
}

/** `GET /entities/{kind}/{namespace}/{name}/traces?environment=prod` */
export interface EntityTracesResponse {
  entityRef: string;
  environment: string;
  sandbox: boolean;
  traces: SourceResult<TraceSummaries>;
}
