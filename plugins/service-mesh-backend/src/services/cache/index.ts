export { SourceCache } from './SourceCache';
export type { CacheEntry, SourceCacheOptions } from './SourceCache';
export { FailoverStore, isProcessLocalStore } from './FailoverStore';
export type { FailoverStoreOptions } from './FailoverStore';
export { InFlight } from './InFlight';
