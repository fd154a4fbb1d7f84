export { createMeshStatusService } from './createMeshStatusService';
export type { MeshStatusService } from './types';
export { createUpstreamSources } from './upstreamSources';
export type { MeshSources, ArgoInstance, PrometheusSource } from './sources';
export { RESILIENCE_DEFAULTS } from './reader';
export type { ResilienceConfig } from './reader';
