import { useMemo } from 'react';
import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import type {
  TopologyEdge,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import { useSloThresholds } from '../common';
import { edgeLabelLines } from './edgeText';
import { GraphNode } from './GraphNode';
import {
  graphModel,
  type GraphModelEdge,
  type GraphModelNode,
} from './graphModel';
import { useNodeLink } from './nodeLink';

const useStyles = makeStyles(theme => ({
  graph: { width: '100%', minHeight: 240 },
  ok: { fill: theme.palette.text.secondary },
  warning: { fill: theme.palette.warning.dark, fontWeight: 500 },
  error: { fill: theme.palette.error.main, fontWeight: 500 },
}));

/**
 * A topology as a left-to-right graph (Backstage's DependencyGraph): callers left of what they call.
 * Nodes link to their catalog entity or Kiali. With `labels: 'all'` every edge carries its numbers;
 * with `labels: 'problems'` (large graphs) only plaintext edges and edges with errors do.
 */
export const TopologyGraph = (props: {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** Node id of the entity the graph is about, highlighted. */
  center?: string;
  labels: 'all' | 'problems';
}) => {
  const { nodes, edges, center, labels } = props;
  const classes = useStyles();
  const slo = useSloThresholds();
  const linkOf = useNodeLink();

  const graph = useMemo(
    () => graphModel({ nodes, edges, center, labels }, slo),
    [nodes, edges, center, labels, slo],
  );

  return (
    <DependencyGraph<GraphModelNode, GraphModelEdge>
      className={classes.graph}
      nodes={graph.nodes}
      edges={graph.edges}
      direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
      labelPosition={DependencyGraphTypes.LabelPosition.RIGHT}
      labelOffset={8}
      rankMargin={labels === 'all' ? 120 : 80}
      nodeMargin={labels === 'all' ? 40 : 16}
      paddingX={16}
      paddingY={16}
      fit="grow"
      zoom="enable-on-click"
      showArrowHeads
      renderNode={({ node }) => (
        <GraphNode node={node.node} role={node.role} link={linkOf(node.node)} />
      )}
      renderLabel={({ edge }) => (
        <text className={classes[edge.level]}>
          {edgeLabelLines(edge.edge).map((line, i) => (
            <tspan key={i} x={0} dy={i === 0 ? 0 : '1.2em'}>
              {line}
            </tspan>
          ))}
        </text>
      )}
    />
  );
};
