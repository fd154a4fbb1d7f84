import { Link, Table, type TableColumn } from '@backstage/core-components';
import type {
  TopologyEdge,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import {
  formatMs,
  formatPercent,
  StatusChip,
  thresholdLevel,
  useSloThresholds,
} from '../common';
import { formatEdgeRate, formatMtlsShare, protocolLabels } from './edgeText';
import { nodeDetail, nodeName, type NodeLink, useNodeLink } from './nodeLink';

type EdgeRow = TopologyEdge & {
  id: string;
  direction?: 'Inbound' | 'Outbound';
  sourceNode?: TopologyNode;
  targetNode?: TopologyNode;
};

const directionOf = (edge: TopologyEdge, center: string) =>
  edge.target === center ? 'Inbound' : 'Outbound';

const NodeCell = (props: {
  id: string;
  node?: TopologyNode;
  link?: NodeLink;
}) => {
  const { id, node, link } = props;
  if (!node) return <>{id}</>;
  const text = `${nodeName(node)} (${nodeDetail(node)})`;
  return link ? (
    <Link to={link.href} title={link.title}>
      {text}
    </Link>
  ) : (
    <>{text}</>
  );
};

/**
 * The edges of a topology as an accessible table (the graph's numbers for screen readers and large
 * graphs): caller, callee, protocol, rate, error ratio, p99 and the share of mutual TLS.
 */
export const EdgeTable = (props: {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** The entity's own node: adds a Direction column (inbound callers, outbound dependencies). */
  center?: string;
  title: string;
}) => {
  const { nodes, edges, center, title } = props;
  const slo = useSloThresholds();
  const linkOf = useNodeLink();
  const byId = new Map(nodes.map(n => [n.id, n]));
  const rows: EdgeRow[] = edges.map(edge => ({
    ...edge,
    id: `${edge.source}->${edge.target}:${edge.protocol}`,
    direction: center ? directionOf(edge, center) : undefined,
    sourceNode: byId.get(edge.source),
    targetNode: byId.get(edge.target),
  }));
  const node = (id: string, n?: TopologyNode) => (
    <NodeCell id={id} node={n} link={n ? linkOf(n) : undefined} />
  );
  const columns: TableColumn<EdgeRow>[] = [
    ...(center ? [{ title: 'Direction', field: 'direction' }] : []),
    {
      title: 'Caller',
      field: 'source',
      render: r => node(r.source, r.sourceNode),
    },
    {
      title: 'Callee',
      field: 'target',
      render: r => node(r.target, r.targetNode),
    },
    {
      title: 'Protocol',
      field: 'protocol',
      render: r => protocolLabels[r.protocol],
    },
    {
      title: 'Rate',
      field: 'requestsPerSecond',
      type: 'numeric',
      render: r => formatEdgeRate(r),
    },
    {
      title: 'Error ratio',
      field: 'errorRatio',
      type: 'numeric',
      render: r =>
        r.protocol === 'tcp' ? (
          'n/a'
        ) : (
          <StatusChip
            level={thresholdLevel(r.errorRatio, slo.errorRatio)}
            label={formatPercent(r.errorRatio)}
          />
        ),
    },
    {
      title: 'p99',
      field: 'latencyP99Ms',
      type: 'numeric',
      render: r => (r.protocol === 'tcp' ? 'n/a' : formatMs(r.latencyP99Ms)),
    },
    {
      title: 'mTLS',
      field: 'mutualTlsShare',
      render: r =>
        r.plaintext ? (
          <StatusChip
            level="warning"
            label={`Plaintext · ${formatMtlsShare(r)}`}
          />
        ) : (
          formatMtlsShare(r)
        ),
    },
  ];
  return (
    <div role="region" aria-label={title}>
      <Table<EdgeRow>
        title={title}
        options={{
          paging: rows.length > 20,
          pageSize: 20,
          search: rows.length > 20,
          draggable: false,
          padding: 'dense',
        }}
        columns={columns}
        data={rows}
      />
    </div>
  );
};
