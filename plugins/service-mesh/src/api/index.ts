export { argoAppRef, serviceMeshApiRef } from './ServiceMeshApi';
export type {
  ServiceMeshApi,
  ArgoAppRef,
  MeshGraphQuery,
  RollbackRequest,
  CanaryStepRequest,
} from './ServiceMeshApi';
export { ServiceMeshClient } from './ServiceMeshClient';
