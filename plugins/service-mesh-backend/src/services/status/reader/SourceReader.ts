import type {
  SourceName,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import type { JsonValue } from '@backstage/types';
import type { SourceCache } from '../../cache';
import {
  failedSource,
  notConfiguredSource,
  type UpstreamError,
} from '../../upstream';
import { Deadline } from '../deadline';
import type { MeshSources } from '../sources';
import { Breakers, type CircuitBreaker } from './breaker';
import { readWithStale } from './stale';

/** What every unit of the status service reads from: the sources, the shared cache and the deadline. */
export interface StatusContext {
  sources: MeshSources;
  cache: SourceCache;
  deadlineMs: number;
  /** The circuit breakers of this replica, shared by every request (default: new ones, closed). */
  breakers?: Breakers;
}

/**
 * One upstream call, described rather than made: the reader decides how it runs (cached, bounded by the
 * request's deadline, guarded by the source's circuit breaker, as a result or as a thrown failure).
 */
export interface SourceCall<T> {
  source: SourceName;
  /** The configured instance, for sources that have several (Argo CD). */
  instance?: string;
  /** Cache key; calls without one are never cached (probes, actions). */
  key?: string;
  load: () => Promise<T>;
  /**
   * Sent whatever the breaker says and not counted by it: diagnostics probes, and parts of a batched
   * call that goes through the breaker itself.
   */
  unguarded?: boolean;
}

/** A call whose answer is cached under its key. */
export type CachedCall<T> = SourceCall<T> & { key: string };

const NOT_CONFIGURED_HINTS = {
  argocd: 'add serviceMesh.argocd.instances to the backend config',
  kiali: 'add serviceMesh.kiali to the backend config',
  prometheus: 'add serviceMesh.prometheus to the backend config',
} as const;

/** The `not-configured` result of a source, with the config key that would configure it. */
export function notConfigured<T>(
  source: keyof typeof NOT_CONFIGURED_HINTS | 'git',
  hint: string = NOT_CONFIGURED_HINTS[source as 'argocd'],
): SourceResult<T> {
  return notConfiguredSource<T>(source, hint);
}

/**
 * A result with its data left out, typed for another payload: a failure passed on as the result of a
 * derived part, or a source's state reported without its data.
 */
export function withoutData<T = never>(
  result: SourceResult<unknown>,
): SourceResult<T> {
  const { data: _data, ...rest } = result;
  return rest;
}

/** Re-types a failed result for a derived part; an `ok` result goes through `derive`. */
export function mapResult<T, U>(
  result: SourceResult<T>,
  derive: (data: T) => U,
): SourceResult<U> {
  return result.state === 'ok'
    ? { ...result, data: derive(result.data as T) }
    : withoutData<U>(result);
}

/**
 * The per-request source reader: every upstream call of one request goes through it, so caching and
 * coalescing (`SourceCache`), the circuit breakers, serving the last good answer when a source fails
 * (`stale`), the request's overall deadline and sandbox tagging live here and nowhere else. Create one
 * per request; it starts the deadline.
 */
export class SourceReader {
  readonly sources: MeshSources;
  /** The circuit breakers the reader's calls go through. */
  readonly breakers: Breakers;
  private readonly deadline: Deadline;

  constructor(private readonly context: StatusContext) {
    this.sources = context.sources;
    this.breakers = context.breakers ?? new Breakers();
    this.deadline = new Deadline(context.deadlineMs);
  }

  /** True when every source is simulated. */
  get sandbox(): boolean {
    return this.sources.sandbox;
  }

  /** Cached and coalesced by key, without the deadline (for calls whose caller maps failures itself). */
  cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.context.cache.get(
      key,
      async () => (await load()) as unknown as JsonValue,
    ) as Promise<T>;
  }

  /**
   * Runs a call as a `SourceResult`: never rejects; a failure or a timeout becomes the result's state.
   * A cached call whose source is down, open or slower than `slowMs` answers with its last good answer
   * instead, marked `stale`, when there is one.
   */
  read<T>(call: SourceCall<T>): Promise<SourceResult<T>> {
    if (!call.key) {
      return this.settle(
        call,
        this.deadline.race(this.guarded(call), call.source, call.instance),
      );
    }
    return readWithStale(this, this.context.cache, this.deadline, {
      ...call,
      key: call.key,
    });
  }

  /** Runs a call against the deadline; rejects with an `UpstreamError` when it fails or times out. */
  fetch<T>(call: SourceCall<T>): Promise<T> {
    return this.deadline.race(this.run(call), call.source, call.instance);
  }

  /** Marks a result built here (not read upstream) as simulated when the sources are. */
  tagged<T>(result: SourceResult<T>): SourceResult<T> {
    return this.sandbox ? { ...result, sandbox: true } : result;
  }

  /** Forgets cached answers, so the next request reads what an action changed. */
  async forget(...keys: string[]): Promise<void> {
    await Promise.all(keys.map(key => this.context.cache.delete(key)));
  }

  /** The call's load behind its source's breaker (Git has none: one slow repository is not all of Git). */
  guarded<T>(call: SourceCall<T>): Promise<T> {
    const breaker = call.unguarded ? undefined : this.breakerOf(call);
    return breaker ? breaker.call(call.load) : call.load();
  }

  /** The breaker of a call's source (and instance); Git has none. */
  breakerOf(call: SourceCall<unknown>): CircuitBreaker | undefined {
    if (call.source === 'git') return undefined;
    return this.breakers.of(call.source, call.instance);
  }

  /** The outcome of a call as a result: `ok` with the data, or the failure's state and message. */
  async settle<T>(
    call: SourceCall<T>,
    pending: Promise<T>,
  ): Promise<SourceResult<T>> {
    try {
      const data = await pending;
      return this.tagged({
        source: call.source,
        ...(call.instance !== undefined ? { instance: call.instance } : {}),
        state: 'ok',
        data,
      });
    } catch (error) {
      return this.tagged(failedSource<T>(call.source, call.instance, error));
    }
  }

  /**
   * The open breaker's failure while the call's source is not being asked (open, or its probe under
   * way): a cached call would only join a running load that may take the upstream's whole timeout, so
   * it is answered now instead.
   */
  refused(call: SourceCall<unknown>): UpstreamError | undefined {
    const breaker = this.breakerOf(call);
    return breaker?.refusing ? breaker.openError() : undefined;
  }

  private run<T>(call: SourceCall<T>): Promise<T> {
    if (!call.key) return this.guarded(call);
    const waiting = this.refused(call);
    if (waiting) return Promise.reject(waiting);
    return this.cached(call.key, () => this.guarded(call));
  }
}
