export {
  mapResult,
  notConfigured,
  SourceReader,
  withoutData,
} from './SourceReader';
export type { CachedCall, SourceCall, StatusContext } from './SourceReader';
export { Breakers, CircuitBreaker, RESILIENCE_DEFAULTS } from './breaker';
export type { ResilienceConfig } from './breaker';
export * as argocdCalls from './argocd';
export {
  kialiHealth,
  kialiMajorVersion,
  kialiNamespaces,
  kialiTls,
  kialiWorkload,
  reportedMtls,
} from './kiali';
export {
  prometheusBatch,
  prometheusOverview,
  prometheusSignals,
} from './prometheus';
export { manifests } from './git';
export type { ManifestAnalysis } from './git';
