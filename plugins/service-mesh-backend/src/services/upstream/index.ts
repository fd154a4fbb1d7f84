export { fetchUpstream, maskUpstreamText, safeUrl } from './fetchUpstream';
export type { FetchUpstreamOptions } from './fetchUpstream';
export {
  UpstreamError,
  describeSource,
  failedSource,
  notConfiguredSource,
} from './UpstreamError';
export type { UpstreamFailureState } from './UpstreamError';
