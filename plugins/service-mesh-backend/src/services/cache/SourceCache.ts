import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/**
 * Caches upstream answers in Backstage's `CacheService` for a short TTL and coalesces identical
 * concurrent loads: while one load for a key is in flight, every other caller for that key waits for
 * it instead of calling upstream again. Failures are not cached.
 */
export class SourceCache {
  private readonly inFlight = new Map<string, Promise<JsonValue>>();

  constructor(
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  async get<T extends JsonValue>(
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const cached = await this.cache.get<T>(key);
    if (cached !== undefined) return cached;
    // Re-check: another caller may have started the load while we read the cache.
    const started = this.inFlight.get(key);
    if (started) return started as Promise<T>;
    const promise = load()
      .then(async value => {
        await this.cache.set(key, value, { ttl: this.ttlMs });
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Forgets a cached answer, e.g. an application list after a sync changed it. */
  async delete(key: string): Promise<void> {
    await this.cache.delete(key);
  }
}
