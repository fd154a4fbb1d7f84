import type {
  BreakerStatus,
  SourceName,
} from '@meshport/plugin-service-mesh-common';
import { describeSource, UpstreamError } from '../../upstream';

/** Circuit-breaker and serve-stale settings (`serviceMesh.resilience`). */
export interface ResilienceConfig {
  /** Consecutive failed or slow calls after which a source is open (not asked). */
  failureThreshold: number;
  /** How long an open source is left alone before one probe call may ask it again. */
  probeIntervalMs: number;
  /** A call slower than this counts against the breaker; a request with a last good answer waits no longer. */
  slowMs: number;
  /** How long a last good answer is kept to be served stale. */
  staleTtlSeconds: number;
}

/** The defaults of `serviceMesh.resilience`. */
export const RESILIENCE_DEFAULTS: ResilienceConfig = {
  failureThreshold: 3,
  probeIntervalMs: 5000,
  slowMs: 1500,
  staleTtlSeconds: 3600,
};

/** Whether a failure says the upstream is down or overloaded (and not, say, that an object is missing). */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (error.state === 'timeout' || error.state === 'unreachable') return true;
  return (
    error.state === 'bad-answer' &&
    (error.status === undefined || error.status >= 500)
  );
}

/**
 * One upstream instance's circuit breaker. Closed: calls go through, and `failureThreshold`
 * consecutive outages (timeouts, refused connections, 5xx) or calls slower than `slowMs` open it.
 * Open: calls fail at once, until `probeIntervalMs` has passed; then one call goes through as the probe
 * (the others still fail at once) and its outcome closes the breaker or opens it for another interval.
 * A slow probe that answers still refreshes the data, but the breaker stays open.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;
  private lastError: string | undefined;
  private lastErrorAt: number | undefined;
  /** What the open breaker reports: how the last failure went (a slow answer counts as a timeout). */
  private lastState: 'timeout' | 'unreachable' | 'bad-answer' = 'timeout';

  constructor(
    readonly source: SourceName,
    readonly instance: string | undefined,
    private readonly config: ResilienceConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `load` unless the breaker is open, and records how it went. A call still running after `slowMs`
   * counts as slow then, not when it ends: a hanging upstream opens the breaker without waiting for its
   * timeouts (its late outcome is not counted again).
   */
  async call<T>(load: () => Promise<T>): Promise<T> {
    const probe = this.admit();
    const started = this.now();
    let counted = false;
    const slow = setTimeout(() => {
      counted = true;
      this.fail(
        `${describeSource(this.source, this.instance)} gave no answer within ${this.config.slowMs} ms`,
      );
    }, this.config.slowMs);
    try {
      const value = await load();
      if (!counted) this.answered(this.now() - started);
      return value;
    } catch (error) {
      // Anything but an outage (a 404, a refused token) is an answer: the upstream is up.
      if (counted) throw error;
      if (isOutage(error)) {
        this.fail((error as Error).message, (error as UpstreamError).state);
      } else this.answered(this.now() - started);
      throw error;
    } finally {
      clearTimeout(slow);
      if (probe) this.probing = false;
    }
  }

  /** The breaker's state as diagnostics show it. */
  status(): BreakerStatus {
    const state = this.state();
    return {
      state,
      consecutiveFailures: this.failures,
      ...(this.openedAt !== undefined && state !== 'closed'
        ? { openedAt: new Date(this.openedAt).toISOString() }
        : {}),
      ...(this.lastError !== undefined
        ? {
            lastError: this.lastError,
            lastErrorAt: new Date(this.lastErrorAt!).toISOString(),
          }
        : {}),
    };
  }

  private state(): BreakerStatus['state'] {
    if (this.openedAt === undefined) return 'closed';
    return this.probing ||
      this.now() - this.openedAt >= this.config.probeIntervalMs
      ? 'half-open'
      : 'open';
  }

  /**
   * True while the breaker lets no call through (open, or its probe under way): nothing should then wait
   * for a load of this source that is already running (it joined before the breaker opened, or it is the
   * probe), as that load may take the upstream's whole timeout.
   */
  get refusing(): boolean {
    if (this.openedAt === undefined) return false;
    return (
      this.probing || this.now() - this.openedAt < this.config.probeIntervalMs
    );
  }

  /** The error of a call the open breaker does not let through. */
  openError(): UpstreamError {
    const retryInMs = Math.max(
      0,
      (this.openedAt ?? 0) + this.config.probeIntervalMs - this.now(),
    );
    const next = this.probing
      ? 'a probe call is under way'
      : `next probe in ${Math.ceil(retryInMs / 1000)} s`;
    return new UpstreamError({
      source: this.source,
      instance: this.instance,
      state: this.lastState,
      message: `${describeSource(this.source, this.instance)} is not being asked: ${this.failures} failed or slow calls in a row (last: ${this.lastError}); ${next}`,
    });
  }

  /** Lets a call through (true when it is the probe), or throws the open breaker's error. */
  private admit(): boolean {
    if (this.openedAt === undefined) return false;
    if (
      !this.probing &&
      this.now() - this.openedAt >= this.config.probeIntervalMs
    ) {
      this.probing = true;
      return true;
    }
    throw this.openError();
  }

  private answered(took: number): void {
    if (took > this.config.slowMs) {
      this.fail(
        `${describeSource(this.source, this.instance)} answered slowly: ${took} ms (over ${this.config.slowMs} ms)`,
      );
      return;
    }
    this.failures = 0;
    this.openedAt = undefined;
  }

  private fail(
    message: string,
    state: UpstreamError['state'] = 'timeout',
  ): void {
    this.lastState =
      state === 'unreachable' || state === 'bad-answer' ? state : 'timeout';
    this.failures++;
    this.lastError = message;
    this.lastErrorAt = this.now();
    if (
      this.openedAt !== undefined ||
      this.failures >= this.config.failureThreshold
    ) {
      this.openedAt = this.now();
    }
  }
}

/** One breaker per upstream instance, shared by every request of this backend replica. */
export class Breakers {
  private readonly byKey = new Map<string, CircuitBreaker>();

  constructor(
    readonly config: ResilienceConfig = RESILIENCE_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The breaker of a source (and instance), created closed on first use. */
  of(source: SourceName, instance?: string): CircuitBreaker {
    const key = `${source}:${instance ?? ''}`;
    let breaker = this.byKey.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(source, instance, this.config, this.now);
      this.byKey.set(key, breaker);
    }
    return breaker;
  }
}
