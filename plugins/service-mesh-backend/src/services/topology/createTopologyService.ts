import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { AccessConfig } from '../argocd';
import type { SourceCache } from '../cache';
import { targetsOf } from '../status/environments';
import { SourceReader } from '../status/reader';
import type { MeshSources } from '../status';
import { entityTopology } from './entityTopology';
import { meshGraph } from './meshGraph';
import { entityTraces } from './traces';
import type { TopologyService } from './types';

/**
 * Wires the topology units to the sources: like the status, each request validates the entity's
 * annotations and opens one `SourceReader` that all its upstream calls go through.
 */
export function createTopologyService(options: {
  sources: MeshSources;
  cache: SourceCache;
  deadlineMs: number;
  logger: LoggerService;
  access: AccessConfig;
}): TopologyService {
  const { sources, logger, access } = options;
  const open = () => new SourceReader(options);
  const targets = (entity: Entity) => targetsOf(sources, entity, access);
  return {
    entityTopology: async (entity, catalog, environment, range) =>
      entityTopology(
        open(),
        entity,
        targets(entity),
        targets,
        catalog,
        environment,
        range,
        logger,
      ),
    meshGraph: (catalog, query) =>
      meshGraph(open(), catalog, targets, query, logger),
    entityTraces: async (entity, environment) =>
      entityTraces(open(), targets(entity), environment),
  };
}
