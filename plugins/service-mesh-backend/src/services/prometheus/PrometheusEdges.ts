import {
  UNKNOWN_NODE_ID,
  type EdgeProtocol,
  type TopologyEdge,
} from '@meshport/plugin-service-mesh-common';
import type {
  PrometheusClient,
  PrometheusLabels,
  PrometheusSample,
} from './PrometheusClient';
import {
  checkEdgeScope,
  edgeActivityQuery,
  edgeErrorsQuery,
  edgeLatencyQuery,
  edgeRequestsQuery,
  edgeSecurityQuery,
  edgeTcpBytesQuery,
  edgeTcpConnectionsQuery,
  type EdgeClusterLabels,
  type EdgeScope,
} from './edgeQueries';
import type { EdgeSource, ObservedEdges, ObservedNode } from './EdgeSource';
import { checkTarget, workloadKey, type WorkloadTarget } from './promql';

const known = (value: string | undefined) =>
  value && value !== 'unknown' ? value : undefined;

/** The cluster `label` names, when it is known. */
const clusterOf = (labels: PrometheusLabels, label: string | undefined) =>
  label === undefined ? undefined : known(labels[label]);

/**
 * The caller of an edge: a workload, or the unknown caller outside the mesh. With `clusterLabel`
 * (multi-cluster) a workload is in the cluster that label names (its id `<cluster>:<namespace>/<workload>`).
 */
export function sourceNode(
  labels: PrometheusLabels,
  clusterLabel?: string,
): ObservedNode {
  const workload = known(labels.source_workload);
  const namespace = known(labels.source_workload_namespace);
  if (!workload || !namespace) {
    return { id: UNKNOWN_NODE_ID, workload: 'unknown', external: true };
  }
  return workloadNode(
    { namespace, workload, cluster: clusterOf(labels, clusterLabel) },
    labels.source_canonical_service,
  );
}

/** A workload inside the mesh, with its canonical service when Istio labelled it. */
function workloadNode(
  { namespace, workload, cluster }: WorkloadTarget,
  canonicalService: string | undefined,
): ObservedNode {
  const app = known(canonicalService);
  return {
    id: workloadKey({ namespace, workload, cluster }),
    ...(cluster ? { cluster } : {}),
    namespace,
    workload,
    ...(app ? { app } : {}),
    external: false,
  };
}

/**
 * The callee of an edge: a workload, or a host outside the mesh (`external:<host>`); in the cluster
 * `clusterLabel` names, as {@link sourceNode}.
 */
export function destinationNode(
  labels: PrometheusLabels,
  clusterLabel?: string,
): ObservedNode {
  const workload = known(labels.destination_workload);
  const namespace = known(labels.destination_workload_namespace);
  if (!workload || !namespace) {
    const host =
      known(labels.destination_service) ??
      known(labels.destination_canonical_service) ??
      'unknown';
    return { id: `external:${host}`, workload: host, external: true };
  }
  return workloadNode(
    { namespace, workload, cluster: clusterOf(labels, clusterLabel) },
    labels.destination_canonical_service,
  );
}

function protocolOf(labels: PrometheusLabels): EdgeProtocol {
  return labels.request_protocol === 'grpc' ? 'grpc' : 'http';
}

/** Sums of one edge while the answers are folded in. */
interface Tally {
  source: string;
  target: string;
  protocol: EdgeProtocol;
  rate: number;
  bytes: number;
  errors: number;
  p99: number | null;
  mutual: number;
  plain: number;
  secured: number;
}

/** Folds the answers of the edge queries into edges and nodes. */
class EdgeBuilder {
  private readonly nodes = new Map<string, ObservedNode>();
  private readonly tallies = new Map<string, Tally>();

  constructor(private readonly clusterLabels?: EdgeClusterLabels) {}

  private tally(labels: PrometheusLabels, protocol: EdgeProtocol): Tally {
    const source = sourceNode(labels, this.clusterLabels?.source);
    const target = destinationNode(labels, this.clusterLabels?.destination);
    this.nodes.set(source.id, this.nodes.get(source.id) ?? source);
    this.nodes.set(target.id, this.nodes.get(target.id) ?? target);
    const key = `${source.id}\u0000${target.id}\u0000${protocol}`;
    let t = this.tallies.get(key);
    if (!t) {
      t = {
        source: source.id,
        target: target.id,
        protocol,
        rate: 0,
        bytes: 0,
        errors: 0,
        p99: null,
        mutual: 0,
        plain: 0,
        secured: 0,
      };
      this.tallies.set(key, t);
    }
    return t;
  }

  add(
    samples: PrometheusSample[],
    protocol: EdgeProtocol | 'request',
    fold: (t: Tally, value: number, labels: PrometheusLabels) => void,
  ): void {
    for (const { metric, value } of samples) {
      if (value === null) continue;
      fold(
        this.tally(
          metric,
          protocol === 'request' ? protocolOf(metric) : protocol,
        ),
        value,
        metric,
      );
    }
  }

  build(): ObservedEdges {
    const edges: TopologyEdge[] = [...this.tallies.values()]
      .filter(t => t.rate > 0 || t.bytes > 0)
      .map(t => ({
        source: t.source,
        target: t.target,
        protocol: t.protocol,
        requestsPerSecond: t.rate,
        ...(t.protocol === 'tcp' ? { bytesPerSecond: t.bytes } : {}),
        errorRatio:
          t.protocol === 'tcp' || t.rate === 0 ? null : t.errors / t.rate,
        latencyP99Ms: t.protocol === 'tcp' ? null : t.p99,
        mutualTlsShare: t.secured > 0 ? t.mutual / t.secured : null,
        plaintext: t.plain > 0,
      }))
      .sort(
        (a, b) =>
          a.source.localeCompare(b.source) ||
          a.target.localeCompare(b.target) ||
          a.protocol.localeCompare(b.protocol),
      );
    const used = new Set(edges.flatMap(e => [e.source, e.target]));
    const nodes = [...this.nodes.values()]
      .filter(n => used.has(n.id))
      .sort((a, b) => a.id.localeCompare(b.id));
    return { nodes, edges };
  }
}

/** Counts a security-policy answer towards an edge's mTLS share. */
function secure(t: Tally, value: number, labels: PrometheusLabels): void {
  if (labels.connection_security_policy === 'mutual_tls') t.mutual += value;
  else if (labels.connection_security_policy === 'none') t.plain += value;
  else return; // "unknown": a client-side report, which cannot tell
  t.secured += value;
}

/**
 * Edges from Istio's standard metrics in Prometheus: a fixed set of queries per scope. A workload
 * with a `cluster`, or a mesh read by cluster, is read in its clusters through `clusterLabels`
 * (default Istio's `source_cluster` and `destination_cluster`).
 */
export class PrometheusEdges implements EdgeSource {
  constructor(
    private readonly client: PrometheusClient,
    private readonly clusterLabels: EdgeClusterLabels = {
      source: 'source_cluster',
      destination: 'destination_cluster',
    },
  ) {}

  /** The scope's edges, told apart by cluster (`clusterLabels`) when `byCluster`. */
  private async edges(
    scope: EdgeScope,
    windowSec: number,
    nowSec: number,
    byCluster: boolean,
  ): Promise<ObservedEdges> {
    const checked = checkEdgeScope(
      byCluster ? { ...scope, clusterLabels: this.clusterLabels } : scope,
    );
    const q = (promql: string) => this.client.query(promql, nowSec);
    const serverSide = checked.kind !== 'outbound';
    const [
      requests,
      errors,
      latency,
      connections,
      bytes,
      security,
      tcpSecurity,
    ] = await Promise.all([
      q(edgeRequestsQuery(checked, windowSec)),
      q(edgeErrorsQuery(checked, windowSec)),
      q(edgeLatencyQuery(checked, windowSec)),
      q(edgeTcpConnectionsQuery(checked, windowSec)),
      q(edgeTcpBytesQuery(checked, windowSec)),
      serverSide
        ? Promise.resolve([])
        : q(edgeSecurityQuery(checked, windowSec)),
      serverSide
        ? Promise.resolve([])
        : q(edgeTcpBytesQuery(checked, windowSec, 'destination')),
    ]);
    const builder = new EdgeBuilder(checked.clusterLabels);
    builder.add(requests, 'request', (t, v, labels) => {
      t.rate += v;
      if (serverSide) secure(t, v, labels);
    });
    builder.add(errors, 'request', (t, v) => {
      t.errors += v;
    });
    builder.add(latency, 'request', (t, v) => {
      t.p99 = t.p99 === null ? v : Math.max(t.p99, v);
    });
    builder.add(connections, 'tcp', (t, v) => {
      t.rate += v;
    });
    builder.add(bytes, 'tcp', (t, v, labels) => {
      t.bytes += v;
      if (serverSide) secure(t, v, labels);
    });
    builder.add(security, 'request', secure);
    builder.add(tcpSecurity, 'tcp', secure);
    return builder.build();
  }

  async workloadEdges(
    target: WorkloadTarget,
    windowSec: number,
    nowSec = Math.floor(Date.now() / 1000),
  ) {
    const byCluster = target.cluster !== undefined;
    const [inbound, outbound] = await Promise.all([
      this.edges({ kind: 'inbound', target }, windowSec, nowSec, byCluster),
      this.edges({ kind: 'outbound', target }, windowSec, nowSec, byCluster),
    ]);
    const nodes = new Map(
      [...inbound.nodes, ...outbound.nodes].map(n => [n.id, n]),
    );
    return {
      nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
      edges: [...inbound.edges, ...outbound.edges],
    };
  }

  meshEdges(
    windowSec: number,
    nowSec = Math.floor(Date.now() / 1000),
    byCluster = false,
  ) {
    return this.edges({ kind: 'mesh' }, windowSec, nowSec, byCluster);
  }

  async activeDestinations(
    target: WorkloadTarget,
    windowSec: number,
    nowSec = Math.floor(Date.now() / 1000),
  ) {
    const checked = checkTarget(target);
    const labels =
      checked.cluster === undefined ? undefined : this.clusterLabels;
    const samples = await this.client.query(
      edgeActivityQuery(checked, windowSec, labels),
      nowSec,
    );
    return samples.map(s => destinationNode(s.metric, labels?.destination));
  }
}
