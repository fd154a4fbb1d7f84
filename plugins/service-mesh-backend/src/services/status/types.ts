import type { Entity } from '@backstage/catalog-model';
import type {
  ArgoActionResult,
  ArgoAppRef,
  DiagnosticsEntry,
  EntityMeshStatus,
  EntitySignalsResponse,
  MeshOverview,
  RevisionMetadata,
  SignalRange,
} from '@meshport/plugin-service-mesh-common';

/**
 * The mesh status of catalog entities, computed from the configured sources: what the HTTP routes
 * ask. Every method validates the entity's annotations first (`InputError` naming a bad one); upstream
 * failures are reported per source, never as a failed answer, except for the Argo CD actions.
 */
export interface MeshStatusService {
  /** `GET /entities/.../status`: every environment of the entity and the manifest findings. */
  entityStatus(entity: Entity): Promise<EntityMeshStatus>;
  /** `GET /entities/.../signals`: golden-signal series of one environment (default: the first). */
  entitySignals(
    entity: Entity,
    environment: string | undefined,
    range: SignalRange,
  ): Promise<EntitySignalsResponse>;
  /**
   * Metadata of a revision of one of the entity's applications; the revision is already validated.
   * `sourceIndex` picks the source of a multi-source app (default: the one the revision belongs to).
   */
  revisionMetadata(
    entity: Entity,
    app: ArgoAppRef,
    revision: string,
    sourceIndex?: number,
  ): Promise<RevisionMetadata>;
  /** Refreshes or syncs one of the entity's applications; the caller checks permission first. */
  argoAction(
    entity: Entity,
    app: ArgoAppRef,
    action: 'refresh' | 'sync',
  ): Promise<ArgoActionResult>;
  /** `GET /overview`: one row per entity and environment; takes the (pending) readable entities. */
  overview(entities: Entity[] | Promise<Entity[]>): Promise<MeshOverview>;
  /** `GET /diagnostics`: reachability and version of every configured source. */
  diagnostics(): Promise<DiagnosticsEntry[]>;
}
