import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  UNKNOWN_NODE_ID,
  type TopologyNode,
} from '@meshport/plugin-service-mesh-common';

/** Where a node leads: its catalog entity page, else its workload in Kiali. */
export interface NodeLink {
  href: string;
  /** True for Kiali (opens in a new window), false for the catalog (stays in the app). */
  external: boolean;
  /** What following the link does, for screen readers and tooltips. */
  title: string;
}

/** The name a node is shown by: its workload, or words for a caller from outside the mesh. */
export function nodeName(node: TopologyNode): string {
  return node.id === UNKNOWN_NODE_ID ? 'unknown caller' : node.workload;
}

/** The line under a node's name: its namespace, or where it lives when it has none. */
export function nodeDetail(node: TopologyNode): string {
  if (node.id === UNKNOWN_NODE_ID) return 'outside the mesh';
  if (node.external) return 'external host';
  return node.namespace ?? '';
}

/** A function that gives each node its link: the catalog entity when `entityRef` is set, else Kiali. */
export function useNodeLink(): (node: TopologyNode) => NodeLink | undefined {
  const entityRoute = useRouteRef(entityRouteRef);
  return node => {
    if (node.entityRef) {
      return {
        href: entityRoute(entityRouteParams(node.entityRef)),
        external: false,
        title: `Open ${node.entityRef} in the catalog`,
      };
    }
    if (node.kialiUrl) {
      return {
        href: node.kialiUrl,
        external: true,
        title: `Open ${node.namespace}/${node.workload} in Kiali`,
      };
    }
    return undefined;
  };
}
