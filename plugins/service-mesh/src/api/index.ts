export { argoAppRef, serviceMeshApiRef } from './ServiceMeshApi';
export type {
  ServiceMeshApi,
  ArgoAppRef,
  MeshGraphQuery,
} from './ServiceMeshApi';
export { ServiceMeshClient } from './ServiceMeshClient';
