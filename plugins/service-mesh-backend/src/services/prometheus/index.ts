export { readPrometheusConfig } from './config';
export type { PrometheusConfig } from './config';
export { PrometheusClient } from './PrometheusClient';
export type {
  PrometheusLabels,
  PrometheusSample,
  PrometheusSeries,
} from './PrometheusClient';
export {
  NO_SIGNAL_VALUES,
  PrometheusGoldenSignals,
} from './PrometheusGoldenSignals';
export type {
  GoldenSignalsSource,
  OverviewSignals,
  WorkloadSignals,
} from './PrometheusGoldenSignals';
export {
  anyOfRegex,
  checkKubernetesName,
  checkTarget,
  cpuSaturationQuery,
  errorsQuery,
  escapeRegex,
  latencyQuery,
  memorySaturationQuery,
  mutualTlsQuery,
  quoteLabelValue,
  rateWindowSec,
  selector,
  SIGNAL_RANGES,
  trafficQuery,
  workloadKey,
} from './promql';
export type {
  KubernetesNameRule,
  LabelMatcher,
  QueryScope,
  WorkloadTarget,
} from './promql';
