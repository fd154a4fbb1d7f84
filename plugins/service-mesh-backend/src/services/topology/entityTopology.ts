import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityTopologyResponse,
  SignalRange,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import { SIGNAL_RANGES, workloadKey } from '../prometheus';
import type { BoundTargets } from '../status/environments';
import { placeRows } from '../status/overview';
import { mapResult, type SourceReader } from '../status/reader';
import { activeDestinations, workloadEdges } from './calls';
import { environmentOf } from './environment';
import { topologyFindings } from './findings';
import { entityIndex, toTopologyNode } from './nodes';
import type { CatalogView } from './types';

/**
 * `GET /entities/.../topology`: the edges into and out of the entity's workload in one environment over
 * the range, each end matched to a readable entity, and the declared-vs-observed findings.
 */
export async function entityTopology(
  reader: SourceReader,
  entity: Entity,
  targets: BoundTargets,
  targetsOf: (entity: Entity) => BoundTargets,
  catalog: CatalogView,
  environment: string | undefined,
  range: SignalRange,
  logger: LoggerService,
): Promise<EntityTopologyResponse> {
  const { env, base, refused } = await environmentOf(
    reader,
    targets,
    environment,
    'prometheus',
  );
  if (refused) return { ...base, topology: refused };
  // Multi-cluster: the environment's own cluster only (its app's, as the status reads it).
  const target = {
    namespace: env.namespace,
    workload: env.workload,
    ...(env.cluster?.prometheus ? { cluster: env.cluster.prometheus } : {}),
  };
  const { rangeSec, stepSec } = SIGNAL_RANGES[range];
  const nowSec = Math.floor(Date.now() / 1000);
  const bucket = Math.floor(nowSec / stepSec);
  // Every readable entity placed the way the overview places it (same reads, same cache keys).
  const [edges, active, { placed }, declared] = await Promise.all([
    workloadEdges(reader, target, rangeSec, nowSec, bucket),
    activeDestinations(reader, target, nowSec, Math.floor(nowSec / 3600)),
    placeRows(reader, catalog.entities, targetsOf, logger),
    catalog.declared(entity),
  ]);
  const index = entityIndex(placed.map(p => p.row));
  const center = workloadKey(target);
  const kiali = reader.sources.kiali?.consoleUrl;
  const clusters = reader.sources.clusters;
  return {
    ...base,
    topology: mapResult(edges, data => {
      const nodes: TopologyNode[] = data.nodes.map(n =>
        toTopologyNode(n, index, kiali, clusters),
      );
      if (!nodes.some(n => n.id === center)) {
        nodes.push(
          toTopologyNode(
            { id: center, ...target, app: env.workload, external: false },
            index,
            kiali,
            clusters,
          ),
        );
      }
      return {
        range,
        center,
        nodes,
        edges: data.edges,
        findings: topologyFindings({
          entityRef: targets.entityRef,
          center,
          nodes,
          edges: data.edges,
          declared,
          index,
          active: active.state === 'ok' ? active.data : undefined,
        }),
      };
    }),
  };
}
