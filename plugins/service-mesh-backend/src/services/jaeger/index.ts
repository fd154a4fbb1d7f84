export {
  JaegerClient,
  TRACE_LOOKBACK_MS,
  TRACE_SEARCH_LIMIT,
} from './JaegerClient';
export type { JaegerApi } from './JaegerClient';
export {
  checkJaegerService,
  isJaegerServiceName,
  jaegerSearchUrl,
  jaegerServiceName,
  jaegerTraceUrl,
} from './service';
export { ISTIO_CLUSTER_TAG, tracesFromV1, tracesFromV3 } from './spans';
export type { JaegerSpan, JaegerTrace } from './spans';
export {
  hotspotOf,
  selfTimeUs,
  summarizeTrace,
  summarizeTraces,
  TRACE_LIST_LENGTH,
} from './summarize';
