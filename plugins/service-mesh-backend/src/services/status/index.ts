export { MeshStatusService } from './MeshStatusService';
export { createUpstreamSources } from './upstreamSources';
export type { MeshSources, ArgoInstance, PrometheusSource } from './sources';
