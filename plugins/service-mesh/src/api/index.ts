export { argoAppRef, serviceMeshApiRef } from './ServiceMeshApi';
export type { ServiceMeshApi, ArgoAppRef } from './ServiceMeshApi';
export { ServiceMeshClient } from './ServiceMeshClient';
