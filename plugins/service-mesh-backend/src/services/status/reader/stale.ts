import type {
  SourceName,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import type { JsonValue } from '@backstage/types';
import type { CacheEntry, SourceCache } from '../../cache';
import {
  describeSource,
  failedSource,
  UpstreamError,
  type UpstreamFailureState,
} from '../../upstream';
import type { Deadline } from '../deadline';
import { isOutage } from './breaker';
import type { CachedCall, SourceReader } from './SourceReader';

const NOT_NOW: Partial<Record<UpstreamFailureState, string>> = {
  timeout: 'not answering',
  unreachable: 'unreachable',
  'bad-answer': 'failing',
};

/** Why a source's last good answer is shown, in a few words: `Kiali not answering`. */
export function staleReason(
  source: SourceName,
  instance: string | undefined,
  state: UpstreamFailureState,
): string {
  return `${describeSource(source, instance)} ${NOT_NOW[state] ?? state}`;
}

/** The last good answer as the result, marked stale with its time and the failure that made it so. */
export function staleResult<T>(
  call: CachedCall<T>,
  entry: CacheEntry<T>,
  error: unknown,
): SourceResult<T> {
  const failure = failedSource<T>(call.source, call.instance, error);
  const state = failure.state as UpstreamFailureState;
  return {
    source: call.source,
    ...(call.instance !== undefined ? { instance: call.instance } : {}),
    state: 'ok',
    message: failure.message,
    data: entry.value,
    stale: {
      fetchedAt: new Date(entry.at).toISOString(),
      reason: staleReason(call.source, call.instance, state),
    },
  };
}

/** Rejects with a `timeout` when `promise` takes longer than `ms` (it keeps running, and fills the cache). */
function within<T>(promise: Promise<T>, ms: number, call: CachedCall<T>) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new UpstreamError({
            source: call.source,
            instance: call.instance,
            state: 'timeout',
            message: `${describeSource(call.source, call.instance)} did not answer within ${ms} ms; its last answer is shown while it loads`,
          }),
        ),
      ms,
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A cached call read as a result: the fresh cached answer; else a (coalesced) load behind the source's
 * breaker, bounded by the request's deadline and — when a last good answer is kept — by `slowMs`. When
 * the load fails with an outage (timeout, unreachable, 5xx, breaker open) and a last good answer is
 * kept, that answer is the result, marked `stale`. While the source's breaker is open or its probe under
 * way, nothing waits for a running load: the last good answer (or the open breaker's failure) is the
 * result at once.
 */
export async function readWithStale<T>(
  reader: SourceReader,
  cache: SourceCache,
  deadline: Deadline,
  call: CachedCall<T>,
): Promise<SourceResult<T>> {
  const entry = await cache.entry<T>(call.key);
  if (entry && cache.isFresh(entry)) {
    return reader.settle(call, Promise.resolve(entry.value));
  }
  const waiting = reader.refused(call);
  if (waiting) {
    return entry
      ? reader.tagged(staleResult(call, entry, waiting))
      : reader.settle(call, Promise.reject(waiting));
  }
  const loading = cache.load(
    call.key,
    () => reader.guarded(call) as Promise<JsonValue>,
  ) as Promise<T>;
  const bounded = deadline.race(
    entry ? within(loading, reader.breakers.config.slowMs, call) : loading,
    call.source,
    call.instance,
  );
  if (!entry) return reader.settle(call, bounded);
  try {
    return reader.settle(call, Promise.resolve(await bounded));
  } catch (error) {
    if (!isOutage(error)) return reader.settle(call, Promise.reject(error));
    return reader.tagged(staleResult(call, entry, error));
  }
}
