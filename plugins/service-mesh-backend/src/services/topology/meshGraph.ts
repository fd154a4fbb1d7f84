import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type {
  MeshGraphResponse,
  TopologyEdge,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import { rateWindowSec, type ObservedNode } from '../prometheus';
import { byEnvironment, type BoundTargets } from '../status/environments';
import { placeRows } from '../status/overview';
import { mapResult, type SourceReader } from '../status/reader';
import { meshEdges } from './calls';
import { entityIndex, toTopologyNode } from './nodes';
import type { CatalogView, MeshGraphQuery } from './types';

/** Keeps the edges with an end that passes `keep`, and the nodes they touch. */
function filterGraph(
  nodes: TopologyNode[],
  edges: TopologyEdge[],
  keep: (node: TopologyNode) => boolean,
): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const byId = new Map(nodes.map(n => [n.id, n]));
  const kept = edges.filter(e =>
    [e.source, e.target].some(id => {
      const node = byId.get(id);
      return node ? keep(node) : false;
    }),
  );
  const used = new Set(kept.flatMap(e => [e.source, e.target]));
  return { nodes: nodes.filter(n => used.has(n.id)), edges: kept };
}

/**
 * `GET /graph`: the environments and namespaces of the readable entities (placed as the overview places
 * them), and the edges into the chosen environment's places out of every edge of the mesh, read by one
 * fixed set of PromQL queries however many services there are; filtered by namespace and owner.
 * Multi-cluster: a place is a namespace in its app's cluster, the nodes are in their clusters.
 */
export async function meshGraph(
  reader: SourceReader,
  catalog: CatalogView,
  targetsOf: (entity: Entity) => BoundTargets,
  query: MeshGraphQuery,
  logger: LoggerService,
): Promise<MeshGraphResponse> {
  // The edge queries read every namespace, so they wait for neither the catalog nor Argo CD: all
  // start now, and the edges into the environment's places are kept below.
  const nowSec = Math.floor(Date.now() / 1000);
  const edges = meshEdges(
    reader,
    rateWindowSec(),
    nowSec,
    Math.floor(nowSec / 60),
  );
  const { placed } = await placeRows(
    reader,
    catalog.entities,
    targetsOf,
    logger,
  );
  const environments = [...new Set(placed.map(p => p.row.environment))]
    .map(name => ({ name }))
    .sort(byEnvironment)
    .map(e => e.name);
  const environment = query.environment ?? environments[0] ?? 'default';
  if (query.environment && !environments.includes(query.environment)) {
    throw new NotFoundError(
      `No readable entity runs in environment "${query.environment}" (there are: ${environments.join(', ') || 'none'})`,
    );
  }
  // A namespace that only its entity's own annotations name (no bound application) is no place: its
  // edges are not shown.
  const places = placed
    .filter(p => p.row.environment === environment && !p.unverified)
    .map(p => ({ ...p.row, cluster: p.cluster?.prometheus }));
  const namespaces = [...new Set(places.map(p => p.namespace))].sort();
  // Only the edges into the environment's places (in their clusters when the place's is configured):
  // a set lookup per edge, not a scan of the places.
  const placeKey = (namespace?: string, cluster?: string) =>
    `${cluster === undefined ? '*' : `=${cluster}`}\u0000${namespace}`;
  const placeKeys = new Set(places.map(p => placeKey(p.namespace, p.cluster)));
  const inPlace = (node: ObservedNode | undefined) =>
    node?.namespace !== undefined &&
    (placeKeys.has(placeKey(node.namespace)) ||
      (node.cluster !== undefined &&
        placeKeys.has(placeKey(node.namespace, node.cluster))));
  const index = entityIndex(places);
  const kiali = reader.sources.kiali?.consoleUrl;
  return {
    environment,
    environments,
    namespaces,
    sandbox: reader.sandbox,
    graph: mapResult(await edges, data => {
      // Only the nodes of the edges into the places become topology nodes (entity, owner, Kiali link).
      const observed = new Map(data.nodes.map(n => [n.id, n]));
      const placedEdges = data.edges.filter(e =>
        inPlace(observed.get(e.target)),
      );
      const ends = new Set(placedEdges.flatMap(e => [e.source, e.target]));
      const nodes = data.nodes
        .filter(n => ends.has(n.id))
        .map(n => toTopologyNode(n, index, kiali, reader.sources.clusters));
      return filterGraph(
        nodes,
        placedEdges,
        node =>
          (!query.namespace || node.namespace === query.namespace) &&
          (!query.owner || node.owner === query.owner),
      );
    }),
    generatedAt: new Date().toISOString(),
  };
}
