import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import { InFlight } from './InFlight';

/** A cached upstream answer and when it was read (epoch ms). */
export interface CacheEntry<T> {
  at: number;
  value: T;
}

/** How long answers count as fresh, and how long they are kept to be served stale. */
export interface SourceCacheOptions {
  /** Kept this long after being read (default: the fresh TTL, i.e. no stale copies). */
  keepMs?: number;
  now?: () => number;
}

function isEntry(stored: unknown): stored is CacheEntry<JsonValue> {
  return (
    typeof stored === 'object' &&
    stored !== null &&
    typeof (stored as { at?: unknown }).at === 'number' &&
    'value' in stored
  );
}

/**
 * Caches upstream answers in Backstage's `CacheService` and coalesces identical concurrent loads: while
 * one load for a key is in flight, every other caller for that key waits for it instead of calling
 * upstream again. Each answer is stored with the time it was read and kept `keepMs`: fresh for `ttlMs`,
 * after that a last good copy the reader may serve, marked stale, when the upstream fails. Failures are
 * not cached.
 */
export class SourceCache {
  private readonly inFlight = new InFlight<JsonValue>();
  private readonly keepMs: number;
  private readonly now: () => number;

  constructor(
    private readonly cache: CacheService,
    private readonly ttlMs: number,
    options: SourceCacheOptions = {},
  ) {
    this.keepMs = Math.max(ttlMs, options.keepMs ?? ttlMs);
    this.now = options.now ?? Date.now;
  }

  /** The stored answer, fresh or not; undefined when there is none (or the store fails). */
  async entry<T>(key: string): Promise<CacheEntry<T> | undefined> {
    try {
      const stored = await this.cache.get(key);
      return isEntry(stored) ? (stored as unknown as CacheEntry<T>) : undefined;
    } catch {
      // A failing store is a miss: the answer comes from upstream.
      return undefined;
    }
  }

  /** Whether an entry is younger than the TTL. */
  isFresh(entry: CacheEntry<unknown>): boolean {
    return this.now() - entry.at < this.ttlMs;
  }

  /** Loads and stores an answer; joins the load already in flight for the key, if any. */
  load<T extends JsonValue>(key: string, load: () => Promise<T>): Promise<T> {
    return this.inFlight.run(key, () =>
      load().then(async value => {
        const entry: CacheEntry<T> = { at: this.now(), value };
        await this.cache
          .set(key, entry as unknown as JsonValue, { ttl: this.keepMs })
          .catch(() => undefined);
        return value;
      }),
    ) as Promise<T>;
  }

  /** The fresh cached answer, or a (coalesced) load. */
  async get<T extends JsonValue>(
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const cached = await this.entry<T>(key);
    if (cached && this.isFresh(cached)) return cached.value;
    return this.load(key, load);
  }

  /** Forgets a cached answer, e.g. an application list after a sync changed it. */
  async delete(key: string): Promise<void> {
    await this.cache.delete(key);
  }
}
