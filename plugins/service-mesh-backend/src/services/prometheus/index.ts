export { PrometheusClient } from './PrometheusClient';
export type {
  PrometheusLabels,
  PrometheusSample,
  PrometheusSeries,
} from './PrometheusClient';
export { NO_OBSERVED_MTLS, NO_SIGNAL_VALUES } from './GoldenSignalsSource';
export type {
  GoldenSignalsSource,
  OverviewSignals,
  WorkloadSignals,
} from './GoldenSignalsSource';
export { PrometheusGoldenSignals } from './PrometheusGoldenSignals';
export {
  analyzeCanary,
  canaryVerdict,
  CANARY_ANALYSIS_DEFAULTS,
} from './canaryAnalysis';
export type {
  CanaryAnalysis,
  CanaryAnalysisConfig,
  CanaryAnalysisRequest,
  VersionSignals,
} from './canaryAnalysis';
export {
  anyOfRegex,
  checkKubernetesName,
  checkTarget,
  errorsQuery,
  escapeRegex,
  latencyQuery,
  mutualTlsQuery,
  quoteLabelValue,
  selector,
  trafficQuery,
  workloadKey,
} from './promql';
export { cpuSaturationQuery, memorySaturationQuery } from './containerQueries';
export type {
  ClusterLabels,
  LabelMatcher,
  QueryScope,
  WorkloadTarget,
} from './promql';
export { rateWindowSec, SIGNAL_RANGES } from './ranges';
export {
  PrometheusEdges,
  destinationNode,
  sourceNode,
} from './PrometheusEdges';
export type { EdgeSource, ObservedEdges, ObservedNode } from './EdgeSource';
export {
  EDGE_LABELS,
  edgeActivityQuery,
  edgeErrorsQuery,
  edgeLatencyQuery,
  edgeRequestsQuery,
  edgeSecurityQuery,
  edgeTcpBytesQuery,
  edgeTcpConnectionsQuery,
} from './edgeQueries';
export type { EdgeClusterLabels, EdgeScope } from './edgeQueries';
