import type {
  OverviewRow,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { normalizeEntityRef } from '../argocd';
import { kialiWorkloadUrl } from '../mesh';
import type { ObservedNode } from '../prometheus';

/** Where the readable entities run: node id (`namespace/workload`) → the entity and its owner's full ref. */
export type EntityIndex = Map<string, Pick<OverviewRow, 'entityRef' | 'owner'>>;

/** The node id of a workload. */
export const nodeId = (namespace: string, workload: string) =>
  `${namespace}/${workload}`;

/**
 * Indexes the overview's rows (one per readable entity and environment, placed by the same Argo CD
 * binding the status uses) by the workload they run as.
 */
export function entityIndex(rows: OverviewRow[]): EntityIndex {
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

/** A node with its catalog entity (when a readable one runs as it) and its Kiali page. */
export function toTopologyNode(
  node: ObservedNode,
  index: EntityIndex,
  kialiConsoleUrl: string | undefined,
): TopologyNode {
  const entity = index.get(node.id);
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
          ),
        }
      : {}),
  };
}
