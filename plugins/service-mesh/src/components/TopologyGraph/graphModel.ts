import type {
  TopologyEdge,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import type { SloThresholds } from '../common/slo';
import { edgeLabelLines, edgeLevel } from './edgeText';
import type { NodeRole } from './GraphNode';

/** A node as the graph draws it. */
export type GraphModelNode = { id: string; node: TopologyNode; role: NodeRole };

/** An edge as the graph draws it: its level and, when it carries one, its label. */
export type GraphModelEdge = {
  from: string;
  to: string;
  label?: string;
  edge: TopologyEdge;
  level: ReturnType<typeof edgeLevel>;
};

/**
 * What a topology graph draws: every node with its role (the entity itself, a caller over plaintext,
 * outside the mesh, or plain) and every edge with its level; with `labels: 'problems'` only plaintext
 * edges and edges with errors carry a label, so that large graphs stay readable.
 */
export function graphModel(
  input: {
    nodes: TopologyNode[];
    edges: TopologyEdge[];
    /** Node id of the entity the graph is about. */
    center?: string;
    labels: 'all' | 'problems';
  },
  slo: SloThresholds,
): { nodes: GraphModelNode[]; edges: GraphModelEdge[] } {
  const { nodes, edges, center, labels } = input;
  const plaintextCallers = new Set(
    edges.filter(e => e.plaintext && e.target === center).map(e => e.source),
  );
  const roleOf = (node: TopologyNode): NodeRole => {
    if (node.id === center) return 'center';
    if (plaintextCallers.has(node.id)) return 'plaintext';
    return node.external ? 'external' : 'default';
  };
  return {
    nodes: nodes.map(node => ({ id: node.id, node, role: roleOf(node) })),
    edges: edges.map(edge => {
      const level = edgeLevel(edge, slo);
      const labelled = labels === 'all' || level !== 'ok';
      return {
        from: edge.source,
        to: edge.target,
        // DependencyGraph renders (and makes room for) a label only when the edge has one.
        label: labelled ? edgeLabelLines(edge).join(' · ') : undefined,
        edge,
        level,
      };
    }),
  };
}
