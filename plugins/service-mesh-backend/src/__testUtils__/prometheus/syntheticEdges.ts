/*
 * Synthetic traffic edges between workloads with constant rates, written as Istio's standard metrics
 * from both reporters (the client's `reporter="source"` and the server's `reporter="destination"`), so
 * that every edge query's answer is known analytically: with linear counters, `rate(x[W])` at a sample
 * time is exactly the edge's rate for any window inside the sampled range.
 */
import {
  bucketQuantile,
  LATENCY_BUCKETS_MS,
  type SeriesSpec,
  type SyntheticMesh,
} from './syntheticMesh';

/** A workload end of an edge. */
export interface SyntheticEnd {
  namespace: string;
  workload: string;
  /**
   * Multi-cluster: the workload's cluster (Istio's `source_cluster` / `destination_cluster`); an edge
   * with a cluster on either end carries both labels, `unknown` for an end outside the mesh.
   */
  cluster?: string;
}

/** One edge of the synthetic traffic. */
export interface SyntheticEdge {
  /** `unknown`: a caller outside the mesh (only the server reports it). */
  source: SyntheticEnd | 'unknown';
  /** `{ host }`: a destination outside the mesh (only the client reports it). */
  destination: SyntheticEnd | { host: string };
  protocol: 'http' | 'grpc' | 'tcp';
  /** http/grpc: requests per second; tcp: connections opened per second. */
  rate: number;
  /** http: share answered 503; grpc: share answered 200 with `grpc_response_status="14"`. */
  errorShare: number;
  /** Share of the server-side traffic (requests; tcp: bytes) over mutual TLS; the rest is `none`. */
  mtlsShare: number;
  /** Request durations are uniform on [low, high] milliseconds. */
  latencyMs: [number, number];
  /** tcp: bytes per second, 60 % sent and 40 % received. */
  bytesPerSecond?: number;
}

const isHost = (d: SyntheticEdge['destination']): d is { host: string } =>
  'host' in d;

function endLabels(edge: SyntheticEdge): string[] {
  const src =
    edge.source === 'unknown'
      ? { namespace: 'unknown', workload: 'unknown', app: 'unknown' }
      : { ...edge.source, app: edge.source.workload };
  const dst = isHost(edge.destination)
    ? {
        namespace: 'unknown',
        workload: 'unknown',
        app: 'unknown',
        service: edge.destination.host,
      }
    : {
        ...edge.destination,
        app: edge.destination.workload,
        service: `${edge.destination.workload}.${edge.destination.namespace}.svc.cluster.local`,
      };
  const srcCluster =
    edge.source === 'unknown' ? undefined : edge.source.cluster;
  const dstCluster = isHost(edge.destination)
    ? undefined
    : edge.destination.cluster;
  const clusters =
    srcCluster || dstCluster
      ? [
          `destination_cluster="${dstCluster ?? 'unknown'}"`,
          `source_cluster="${srcCluster ?? 'unknown'}"`,
        ]
      : [];
  return [
    ...clusters,
    `destination_canonical_service="${dst.app}"`,
    `destination_service="${dst.service}"`,
    `destination_workload="${dst.workload}"`,
    `destination_workload_namespace="${dst.namespace}"`,
    `source_canonical_service="${src.app}"`,
    `source_workload="${src.workload}"`,
    `source_workload_namespace="${src.namespace}"`,
  ];
}

function cdf(edge: SyntheticEdge, le: number): number {
  const [low, high] = edge.latencyMs;
  return Math.min(1, Math.max(0, (le - low) / (high - low)));
}

/** The series of the edges, for `startPrometheus({ extraSeries })`. */
export function edgeSeries(
  mesh: SyntheticMesh,
  edges: readonly SyntheticEdge[],
): SeriesSpec[] {
  const I = mesh.intervalSec;
  const specs: SeriesSpec[] = [];
  const counter = (labels: string, perSecond: number) =>
    specs.push({ labels, kind: 'counter', at: () => perSecond * I });
  for (const edge of edges) {
    const ends = endLabels(edge);
    const reporters: Array<'source' | 'destination'> = [];
    if (edge.source !== 'unknown') reporters.push('source');
    if (!isHost(edge.destination)) reporters.push('destination');
    for (const reporter of reporters) {
      const policies: Array<[string, number]> =
        reporter === 'source'
          ? [['unknown', 1]]
          : [
              ['mutual_tls', edge.mtlsShare],
              ['none', 1 - edge.mtlsShare],
            ];
      for (const [policy, share] of policies) {
        if (share === 0) continue;
        const base = [
          `connection_security_policy="${policy}"`,
          ...ends,
          `reporter="${reporter}"`,
        ];
        if (edge.protocol === 'tcp') {
          const bytes = edge.bytesPerSecond ?? 0;
          counter(
            `istio_tcp_connections_opened_total{${base.join(',')}}`,
            edge.rate * share,
          );
          counter(
            `istio_tcp_sent_bytes_total{${base.join(',')}}`,
            0.6 * bytes * share,
          );
          counter(
            `istio_tcp_received_bytes_total{${base.join(',')}}`,
            0.4 * bytes * share,
          );
          continue;
        }
        const outcomes: Array<[string, string, number]> =
          edge.protocol === 'grpc'
            ? [
                ['200', '0', 1 - edge.errorShare],
                ['200', '14', edge.errorShare],
              ]
            : [
                ['200', '', 1 - edge.errorShare],
                ['503', '', edge.errorShare],
              ];
        for (const [code, grpc, part] of outcomes) {
          if (part === 0) continue;
          const labels = [
            ...base,
            `request_protocol="${edge.protocol}"`,
            `response_code="${code}"`,
            ...(grpc ? [`grpc_response_status="${grpc}"`] : []),
          ].sort();
          counter(
            `istio_requests_total{${labels.join(',')}}`,
            edge.rate * share * part,
          );
        }
        [...LATENCY_BUCKETS_MS, Infinity].forEach(le => {
          const labels = [
            ...base,
            `le="${le === Infinity ? '+Inf' : le}"`,
            `request_protocol="${edge.protocol}"`,
          ].sort();
          counter(
            `istio_request_duration_milliseconds_bucket{${labels.join(',')}}`,
            edge.rate * share * (le === Infinity ? 1 : cdf(edge, le)),
          );
        });
      }
    }
  }
  return specs;
}

/** What the topology must report for an edge (any window inside the sampled range). */
export function expectedEdge(edge: SyntheticEdge) {
  const tcp = edge.protocol === 'tcp';
  const serverSide = !isHost(edge.destination);
  return {
    protocol: edge.protocol,
    requestsPerSecond: edge.rate,
    ...(tcp ? { bytesPerSecond: edge.bytesPerSecond ?? 0 } : {}),
    errorRatio: tcp ? null : edge.errorShare,
    latencyP99Ms: tcp
      ? null
      : bucketQuantile(0.99, [
          ...LATENCY_BUCKETS_MS.map(le => ({
            le,
            count: edge.rate * cdf(edge, le),
          })),
          { le: Infinity, count: edge.rate },
        ]),
    mutualTlsShare: serverSide ? edge.mtlsShare : null,
    plaintext: serverSide && edge.mtlsShare < 1,
  };
}
