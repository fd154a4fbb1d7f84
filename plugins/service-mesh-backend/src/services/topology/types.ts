import type { Entity } from '@backstage/catalog-model';
import type {
  EntityTopologyResponse,
  EntityTracesResponse,
  MeshGraphResponse,
  SignalRange,
} from '@meshport/plugin-service-mesh-common';

/** A dependency the catalog declares for an entity. */
export interface DeclaredDependency {
  /** The component (or resource) depended on, e.g. `component:default/payments`. */
  entityRef: string;
  /** `dependsOn`, or the API consumed through `consumesApis` that the component provides. */
  via: { relation: 'dependsOn' } | { relation: 'consumesApis'; api: string };
}

/** What the catalog says, read with the caller's credentials (the router builds it per request). */
export interface CatalogView {
  /** The meshed entities the caller may read (pending while the upstream calls start). */
  entities: Promise<Entity[]>;
  /** The entity's `dependsOn` relations and the components providing the APIs it consumes. */
  declared(entity: Entity): Promise<DeclaredDependency[]>;
}

/** Filters of the mesh graph. */
export interface MeshGraphQuery {
  environment?: string;
  namespace?: string;
  /** An owner entity ref, e.g. `group:default/team-a`. */
  owner?: string;
}

/** Topology, mesh graph and trace hotspots: what the topology routes ask. */
export interface TopologyService {
  /** `GET /entities/.../topology`: edges in and out of one environment's workload, with findings. */
  entityTopology(
    entity: Entity,
    catalog: CatalogView,
    environment: string | undefined,
    range: SignalRange,
  ): Promise<EntityTopologyResponse>;
  /** `GET /graph`: every edge into the workloads of an environment's namespaces. */
  meshGraph(
    catalog: CatalogView,
    query: MeshGraphQuery,
  ): Promise<MeshGraphResponse>;
  /** `GET /entities/.../traces`: the slowest and failing traces of one environment's service. */
  entityTraces(
    entity: Entity,
    environment: string | undefined,
  ): Promise<EntityTracesResponse>;
}
