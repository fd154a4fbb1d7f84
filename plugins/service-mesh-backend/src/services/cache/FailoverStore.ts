import { randomUUID } from 'node:crypto';
import type {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { JsonValue } from '@backstage/types';

/** How often the shared store is checked, and how many answers the stand-in holds. */
export interface FailoverStoreOptions {
  checkMs?: number;
  maxEntries?: number;
  now?: () => number;
  /**
   * The shared store is Backstage's memory store (`backend.cache.store: memory`, see
   * {@link isProcessLocalStore}): it is this process's own map, which serializes every value on each
   * set and parses it on each get. The answers then stay in the stand-in as objects, and the store is
   * never asked: the same per-process cache without the JSON round trip on every read.
   */
  processLocal?: boolean;
}

/** Whether the configured cache store lives in this process (Backstage's `memory` store, the default). */
export function isProcessLocalStore(config: Config): boolean {
  return (
    (config.getOptionalString('backend.cache.store') ?? 'memory') === 'memory'
  );
}

/**
 * Backstage's `CacheService` with a per-replica memory stand-in while the shared store (Redis) is down.
 * Backstage's Redis store swallows a dead connection's errors — a get is a miss, a set does nothing,
 * and each logs an error line — so the store cannot tell us it is down. Instead, at most every
 * `checkMs` and in the background, a canary of this replica is written and read back; while that fails
 * (twice in a row: a replica's first check may race its connection to Redis, a miss that is no outage),
 * reads and writes go to a bounded memory map (no Redis call, no error line per request), and the
 * replica caches for itself as it would with the memory store. When the canary reads back again, the
 * shared store is used again and the stand-in is dropped. Over Backstage's memory store
 * (`processLocal`), the map is the cache and holds the answers as objects.
 */
export class FailoverStore implements CacheService {
  private healthy = true;
  /** Failed checks in a row: one is not enough, a replica's first check races its Redis connect. */
  private failedChecks = 0;
  private checkedAt = -Infinity;
  private checking = false;
  private readonly canary = `cache-canary:${randomUUID()}`;
  private readonly memory = new Map<
    string,
    { value: JsonValue; expires: number }
  >();
  private readonly checkMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly processLocal: boolean;

  constructor(
    private readonly shared: CacheService,
    options: FailoverStoreOptions = {},
  ) {
    this.checkMs = options.checkMs ?? 2000;
    this.maxEntries = options.maxEntries ?? 5000;
    this.now = options.now ?? Date.now;
    this.processLocal = options.processLocal ?? false;
  }

  /** Whether the shared store answered the last check. */
  get sharedStoreHealthy(): boolean {
    return this.healthy;
  }

  /** Whether reads and writes go to the shared store now (else to the memory map). */
  private useShared(): boolean {
    if (this.processLocal) return false;
    this.check();
    return this.healthy;
  }

  async get<T extends JsonValue>(key: string): Promise<T | undefined> {
    if (this.useShared()) return this.shared.get<T>(key);
    const hit = this.memory.get(key);
    if (!hit || hit.expires <= this.now()) {
      this.memory.delete(key);
      return undefined;
    }
    return hit.value as T;
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    if (this.useShared()) {
      await this.shared.set(key, value, options);
      return;
    }
    const ttl = typeof options?.ttl === 'number' ? options.ttl : 60_000;
    this.memory.delete(key);
    if (this.memory.size >= this.maxEntries) {
      // Oldest first: a Map iterates in insertion order.
      this.memory.delete(this.memory.keys().next().value!);
    }
    this.memory.set(key, { value, expires: this.now() + ttl });
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    if (!this.processLocal && this.healthy) await this.shared.delete(key);
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new FailoverStore(this.shared.withOptions(options), {
      checkMs: this.checkMs,
      maxEntries: this.maxEntries,
      now: this.now,
      processLocal: this.processLocal,
    });
  }

  /** Starts a canary check when the last one is older than `checkMs`; never waited for. */
  private check(): void {
    if (this.checking || this.now() - this.checkedAt < this.checkMs) return;
    this.checking = true;
    this.checkedAt = this.now();
    const token = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    // A store that hangs is as down as one that refuses.
    const late = new Promise<false>(resolve => {
      timer = setTimeout(() => resolve(false), this.checkMs);
    });
    const probe = this.shared
      .set(this.canary, token, { ttl: this.checkMs * 5 })
      .then(() => this.shared.get(this.canary))
      .then(
        read => read === token,
        () => false,
      );
    Promise.race([probe, late])
      .then(ok => {
        if (ok && !this.healthy) this.memory.clear();
        this.failedChecks = ok ? 0 : this.failedChecks + 1;
        this.healthy = this.failedChecks < 2;
      })
      .finally(() => {
        clearTimeout(timer);
        this.checking = false;
      });
  }
}
