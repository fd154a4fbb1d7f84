import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { AccessConfig } from '../argocd';
import type { SourceCache } from '../cache';
import { argoAction, revisionMetadata } from './argoActions';
import { diagnostics } from './diagnostics';
import { entityStatus } from './entityStatus';
import { targetsOf } from './environments';
import { overview } from './overview';
import { Breakers, SourceReader, type ResilienceConfig } from './reader';
import { entitySignals } from './signals';
import type { MeshSources } from './sources';
import type { MeshStatusService } from './types';

/**
 * Wires the status units to the sources: each request validates the entity's annotations, then opens
 * one `SourceReader` (cache, coalescing, circuit breakers, stale answers, the request's deadline, sandbox
 * tagging) that all its upstream calls go through, so one failing source never fails or slows the answer.
 */
export function createMeshStatusService(options: {
  sources: MeshSources;
  cache: SourceCache;
  deadlineMs: number;
  logger: LoggerService;
  /** The platform's binding rule (`serviceMesh.access`). */
  access: AccessConfig;
  /** Breaker and serve-stale settings (`serviceMesh.resilience`); default `RESILIENCE_DEFAULTS`. */
  resilience?: ResilienceConfig;
}): MeshStatusService {
  const { sources, logger, access } = options;
  // One set of breakers per replica: every request sees what the earlier ones learnt.
  const breakers = new Breakers(options.resilience);
  const open = () => new SourceReader({ ...options, breakers });
  const targets = (entity: Entity) => targetsOf(sources, entity, access);
  return {
    entityStatus: async entity => entityStatus(open(), targets(entity)),
    entitySignals: async (entity, environment, range) =>
      entitySignals(open(), targets(entity), environment, range),
    revisionMetadata: async (entity, app, revision, sourceIndex) =>
      revisionMetadata(open(), targets(entity), app, revision, sourceIndex),
    argoAction: async (entity, app, action) =>
      argoAction(open(), targets(entity), app, action),
    overview: entities => overview(open(), entities, targets, logger),
    diagnostics: () => diagnostics(open()),
  };
}
