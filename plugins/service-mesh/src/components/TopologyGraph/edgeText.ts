import type { TopologyEdge } from '@meshport/plugin-service-mesh-common';
// The modules themselves, not the common index: the graph model's pure tests load no components.
import {
  formatBytesPerSecond,
  formatMs,
  formatPercent,
} from '../common/format';
import { type SloThresholds, thresholdLevel } from '../common/slo';
import type { StatusLevel } from '../common/StatusChip';

/** Protocol names as the graph and the table show them. */
export const protocolLabels: Record<TopologyEdge['protocol'], string> = {
  http: 'HTTP',
  grpc: 'gRPC',
  tcp: 'TCP',
};

/** The edge's rate: requests per second, or for TCP connections opened per second. */
export function formatEdgeRate(edge: TopologyEdge): string {
  const rate = Number(edge.requestsPerSecond.toFixed(2));
  return edge.protocol === 'tcp' ? `${rate} conn/s` : `${rate} req/s`;
}

/** The share of mutual-TLS traffic in words ("mTLS 75 %", "mTLS unknown"). */
export function formatMtlsShare(edge: TopologyEdge): string {
  return edge.mutualTlsShare === null
    ? 'mTLS unknown'
    : `mTLS ${formatPercent(edge.mutualTlsShare)}`;
}

/** How bad an edge is: plaintext is a warning, errors are judged against the SLO error ratio. */
export function edgeLevel(
  edge: TopologyEdge,
  slo: SloThresholds,
): Extract<StatusLevel, 'ok' | 'warning' | 'error'> {
  const errors = thresholdLevel(edge.errorRatio, slo.errorRatio);
  if (errors === 'error') return 'error';
  if (edge.plaintext || errors === 'warning') return 'warning';
  return 'ok';
}

/** The edge's numbers in two or three short lines, for a graph label. */
export function edgeLabelLines(edge: TopologyEdge): string[] {
  const lines =
    edge.protocol === 'tcp'
      ? [
          `TCP ${formatEdgeRate(edge)} · ${formatBytesPerSecond(edge.bytesPerSecond)}`,
          formatMtlsShare(edge),
        ]
      : [
          `${protocolLabels[edge.protocol]} ${formatEdgeRate(edge)} · ${formatPercent(edge.errorRatio)} errors`,
          `p99 ${formatMs(edge.latencyP99Ms)} · ${formatMtlsShare(edge)}`,
        ];
  return edge.plaintext ? [...lines, 'PLAINTEXT'] : lines;
}
