import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ArgoActionResult,
  ArgoAppRef,
  ArgoAppStatus,
  CanaryAnalysisResult,
  CanaryStep,
  CanaryStepResult,
  EntityMeshStatus,
  EntitySignalsResponse,
  EntityTopologyResponse,
  EntityTracesResponse,
  MeshGraphResponse,
  MeshOverview,
  RevisionMetadata,
  RollbackResult,
  SignalRange,
} from '@meshport/plugin-service-mesh-common';

export type { ArgoAppRef } from '@meshport/plugin-service-mesh-common';

/** The reference of an application the status route reported, for the routes that act on it. */
export function argoAppRef(app: ArgoAppStatus): ArgoAppRef {
  return {
    instance: app.instance,
    app: app.name,
    appNamespace: app.appNamespace,
  };
}

/** The service-mesh backend as the frontend sees it. Every method throws `ResponseError` on failure. */
export interface ServiceMeshApi {
  /** Argo CD, mTLS, sidecar, current signals, findings and links of every environment of an entity. */
  getStatus(entity: CompoundEntityRef): Promise<EntityMeshStatus>;
  /** Golden-signal series of one environment over a range. */
  getSignals(
    entity: CompoundEntityRef,
    options: { environment: string; range: SignalRange },
  ): Promise<EntitySignalsResponse>;
  /**
   * Commit metadata of one revision deployed by an Argo CD application; `sourceIndex` names the source
   * of a multi-source application the revision belongs to.
   */
  getRevisionMetadata(
    entity: CompoundEntityRef,
    app: ArgoAppRef,
    revision: string,
    sourceIndex?: number,
  ): Promise<RevisionMetadata>;
  /** Asks Argo CD to refresh (re-read Git) an application. */
  refreshApplication(
    entity: CompoundEntityRef,
    app: ArgoAppRef,
  ): Promise<ArgoActionResult>;
  /** Asks Argo CD to sync an application to its target revision. */
  syncApplication(
    entity: CompoundEntityRef,
    app: ArgoAppRef,
  ): Promise<ArgoActionResult>;
  /**
   * Rolls an environment back to a revision of the entity's repository: `preview` answers the diff,
   * `propose` commits the change (with `reason`).
   */
  rollback(
    entity: CompoundEntityRef,
    request: RollbackRequest,
  ): Promise<RollbackResult>;
  /** The canary analysis of the entity's canary, read in one environment. */
  getCanaryAnalysis(
    entity: CompoundEntityRef,
    environment: string,
  ): Promise<CanaryAnalysisResult>;
  /** A canary step (weights, promote, abort) as one commit; refused after a failing analysis unless `override`. */
  canaryStep(
    entity: CompoundEntityRef,
    request: CanaryStepRequest,
  ): Promise<CanaryStepResult>;
  /** Every meshed service the caller may read, one row per service and environment. */
  getOverview(): Promise<MeshOverview>;
  /** Inbound callers, outbound dependencies and declared-vs-observed findings of one environment. */
  getTopology(
    entity: CompoundEntityRef,
    options: { environment: string; range: SignalRange },
  ): Promise<EntityTopologyResponse>;
  /** The slowest and the failing traces of the last hour of one environment (Jaeger). */
  getTraces(
    entity: CompoundEntityRef,
    options: { environment: string },
  ): Promise<EntityTracesResponse>;
  /** All meshed workloads of an environment (default: the first) and their edges, optionally narrowed. */
  getMeshGraph(options?: MeshGraphQuery): Promise<MeshGraphResponse>;
}

/** The body of the rollback route. */
export interface RollbackRequest {
  environment: string;
  revision: string;
  mode: 'preview' | 'propose';
  reason?: string;
}

/** The body of the canary route. */
export type CanaryStepRequest = CanaryStep & {
  environment: string;
  reason: string;
  override?: boolean;
};

/** What the mesh graph route narrows to; every field is optional. */
export interface MeshGraphQuery {
  environment?: string;
  /** Only edges with an end in this namespace. */
  namespace?: string;
  /** Only edges with an end owned by this owner (an entity ref such as `group:default/team-a`). */
  owner?: string;
}

/** ApiRef of the {@link ServiceMeshApi}. */
export const serviceMeshApiRef = createApiRef<ServiceMeshApi>({
  id: 'plugin.service-mesh.service',
});
