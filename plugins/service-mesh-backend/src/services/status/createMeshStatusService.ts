import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { AccessConfig } from '../argocd';
import type { SourceCache } from '../cache';
import { argoAction, revisionMetadata } from './argoActions';
import { diagnostics } from './diagnostics';
import { entityStatus } from './entityStatus';
import { targetsOf } from './environments';
import { overview } from './overview';
import { SourceReader } from './reader';
import { entitySignals } from './signals';
import type { MeshSources } from './sources';
import type { MeshStatusService } from './types';

/**
 * Wires the status units to the sources: each request validates the entity's annotations, then opens
 * one `SourceReader` (cache, coalescing, the request's deadline, sandbox tagging) that all its upstream
 * calls go through, so one failing source never fails the answer.
 */
export function createMeshStatusService(options: {
  sources: MeshSources;
  cache: SourceCache;
  deadlineMs: number;
  logger: LoggerService;
  /** The platform's binding rule (`serviceMesh.access`). */
  access: AccessConfig;
}): MeshStatusService {
  const { sources, logger, access } = options;
  const open = () => new SourceReader(options);
  const targets = (entity: Entity) => targetsOf(sources, entity, access);
  return {
    entityStatus: async entity => entityStatus(open(), targets(entity)),
    entitySignals: async (entity, environment, range) =>
      entitySignals(open(), targets(entity), environment, range),
    revisionMetadata: async (entity, app, revision) =>
      revisionMetadata(open(), targets(entity), app, revision),
    argoAction: async (entity, app, action) =>
      argoAction(open(), targets(entity), app, action),
    overview: entities => overview(open(), entities, targets, logger),
    diagnostics: () => diagnostics(open()),
  };
}
