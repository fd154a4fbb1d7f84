export {
  bucketQuantile,
  expectedSignals,
  LATENCY_BUCKETS_MS,
  SYNTHETIC_WORKLOAD_KINDS,
  syntheticMesh,
  writeOpenMetrics,
} from './syntheticMesh';
export type {
  ExpectedSignals,
  SeriesSpec,
  SyntheticMesh,
  SyntheticMeshOptions,
  SyntheticWorkload,
  SyntheticWorkloadKind,
} from './syntheticMesh';
export { PROMETHEUS_INSTALL_COMMAND, startPrometheus } from './startPrometheus';
export type {
  RunningPrometheus,
  StartPrometheusOptions,
} from './startPrometheus';
export { edgeSeries, expectedEdge } from './syntheticEdges';
export type { SyntheticEdge, SyntheticEnd } from './syntheticEdges';
export { canarySeries } from './syntheticCanary';
export type { SyntheticCanary, SyntheticVersion } from './syntheticCanary';
