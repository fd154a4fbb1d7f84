export { createMeshStatusService } from './createMeshStatusService';
export type { ArgoAppRef, MeshStatusService } from './types';
export { createUpstreamSources } from './upstreamSources';
export type { MeshSources, ArgoInstance, PrometheusSource } from './sources';
