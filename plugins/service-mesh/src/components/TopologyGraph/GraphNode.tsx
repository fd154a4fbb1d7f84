import { useLayoutEffect, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { makeStyles } from '@material-ui/core/styles';
import type { TopologyNode } from '@meshport/plugin-service-mesh-common';
import { nodeDetail, nodeName, type NodeLink } from './nodeLink';

/** How a node stands out: the entity itself, a caller over plaintext, outside the mesh, or plain. */
export type NodeRole = 'center' | 'plaintext' | 'external' | 'default';

const useStyles = makeStyles(theme => ({
  box: {
    strokeWidth: 2,
    fill: theme.palette.background.paper,
    stroke: theme.palette.grey[500],
  },
  center: {
    fill: theme.palette.primary.light,
    stroke: theme.palette.primary.dark,
  },
  plaintext: { stroke: theme.palette.warning.main, strokeWidth: 3 },
  external: { strokeDasharray: '6 4' },
  name: { fill: theme.palette.text.primary, fontWeight: 500 },
  detail: { fill: theme.palette.text.secondary, fontSize: '0.8em' },
  mark: { fill: theme.palette.warning.dark, fontSize: '0.8em' },
  link: { cursor: 'pointer' },
}));

const padding = 8;

/**
 * One node of a topology graph (SVG): name, namespace and, for a plaintext caller, the words that
 * say so; wrapped in a link to its catalog entity (in-app navigation) or to Kiali.
 */
export const GraphNode = (props: {
  node: TopologyNode;
  role: NodeRole;
  link?: NodeLink;
}) => {
  const { node, role, link } = props;
  const classes = useStyles();
  const navigate = useNavigate();
  const textRef = useRef<SVGTextElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  // DependencyGraph lays nodes out by their rendered size, as its own DefaultNode does.
  useLayoutEffect(() => {
    if (!textRef.current) return;
    const box = textRef.current.getBBox();
    const width = Math.round(box.width);
    const height = Math.round(box.height);
    if (width !== size.width || height !== size.height) {
      setSize({ width, height });
    }
  }, [size]);

  const lines = [nodeName(node), nodeDetail(node)];
  if (role === 'plaintext') lines.push('plaintext caller');
  const boxClass = [
    classes.box,
    role === 'center' && classes.center,
    role === 'plaintext' && classes.plaintext,
    node.external && classes.external,
  ]
    .filter(Boolean)
    .join(' ');
  const body = (
    <g data-node-id={node.id} data-role={role}>
      <title>{link?.title ?? `${lines[0]} (${lines[1]})`}</title>
      <rect
        className={boxClass}
        width={size.width + padding * 2}
        height={size.height + padding * 2}
        rx={6}
      />
      <text
        ref={textRef}
        x={padding + size.width / 2}
        y={padding}
        textAnchor="middle"
        dominantBaseline="hanging"
      >
        {lines.map((line, i) => (
          <tspan
            key={i}
            x={padding + size.width / 2}
            dy={i === 0 ? 0 : '1.3em'}
            className={
              [classes.name, classes.detail, classes.mark][i] ?? classes.detail
            }
          >
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
  if (!link) return body;
  const onClick = (event: MouseEvent) => {
    // In-app links navigate without reloading the app; modified clicks keep the browser's behaviour.
    if (link.external || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    navigate(link.href);
  };
  return (
    <a
      href={link.href}
      aria-label={`${lines[0]} (${lines[1]}): ${link.title}`}
      className={classes.link}
      onClick={onClick}
      {...(link.external
        ? { target: '_blank', rel: 'noopener noreferrer' }
        : {})}
    >
      {body}
    </a>
  );
};
