/**
 * Meshport entity tab, cards and mesh overview page.
 *
 * @packageDocumentation
 */
export {
  serviceMeshPlugin,
  EntityServiceMeshContent,
  EntityServiceMeshOverviewCard,
  ServiceMeshOverviewPage,
} from './plugin';
export { serviceMeshApiRef, ServiceMeshClient } from './api';
export type {
  ServiceMeshApi,
  ArgoAppRef,
  MeshGraphQuery,
  RollbackRequest,
  CanaryStepRequest,
} from './api';
export { isServiceMeshAvailable } from '@meshport/plugin-service-mesh-common';
