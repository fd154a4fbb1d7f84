import type {
  OverviewRow,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { normalizeEntityRef } from '../argocd';
import {
  clusterByPrometheusName,
  kialiWorkloadUrl,
  type MeshCluster,
} from '../mesh';
import type { ObservedNode } from '../prometheus';

/**
 * Where the readable entities run: `namespace/workload` → the entity and its owner's full ref. An
 * entity is the same in every cluster it runs in, so the key has no cluster.
 */
export type EntityIndex = Map<string, Pick<OverviewRow, 'entityRef' | 'owner'>>;

/** The index key of a workload (and its node id in a single-cluster read). */
export const nodeId = (namespace: string, workload: string) =>
  `${namespace}/${workload}`;

/**
 * Indexes the overview's rows (one per readable entity and environment, placed by the same Argo CD
 * binding the status uses) by the workload they run as.
 */
export function entityIndex(
  rows: Array<
    Pick<OverviewRow, 'entityRef' | 'owner' | 'namespace' | 'workload'>
  >,
): EntityIndex {
  const index: EntityIndex = new Map();
  for (const row of rows) {
    const id = nodeId(row.namespace, row.workload);
    if (index.has(id)) continue;
    // Owners are compared as full refs: `team-a` is `group:<the entity's namespace>/team-a`.
    const owner =
      row.owner &&
      normalizeEntityRef(row.owner, {
        defaultKind: 'group',
        defaultNamespace: parseEntityRef(row.entityRef).namespace,
      });
    index.set(id, { entityRef: row.entityRef, ...(owner ? { owner } : {}) });
  }
  return index;
}

/**
 * A node with its catalog entity (when a readable one runs as it) and its Kiali page, in the Kiali
 * cluster configured for the node's cluster (`clusters`, `serviceMesh.clusters`).
 */
export function toTopologyNode(
  node: ObservedNode,
  index: EntityIndex,
  kialiConsoleUrl: string | undefined,
  clusters: readonly MeshCluster[] = [],
): TopologyNode {
  const entity =
    node.namespace === undefined
      ? undefined
      : index.get(nodeId(node.namespace, node.workload));
  return {
    ...node,
    ...(entity?.entityRef ? { entityRef: entity.entityRef } : {}),
    ...(entity?.owner ? { owner: entity.owner } : {}),
    ...(kialiConsoleUrl && !node.external && node.namespace
      ? {
          kialiUrl: kialiWorkloadUrl(
            kialiConsoleUrl,
            node.namespace,
            node.workload,
            clusterByPrometheusName(node.cluster, clusters)?.kiali,
          ),
        }
      : {}),
  };
}
