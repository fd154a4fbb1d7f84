import { UpstreamError } from '../../upstream';
import { Breakers, CircuitBreaker, type ResilienceConfig } from './breaker';

const config: ResilienceConfig = {
  failureThreshold: 3,
  probeIntervalMs: 5000,
  slowMs: 1000,
  staleTtlSeconds: 3600,
};

function setup() {
  let now = Date.parse('2026-11-28T10:00:00.000Z');
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  const breaker = new CircuitBreaker('kiali', undefined, config, clock.now);
  const timeout = () =>
    Promise.reject(
      new UpstreamError({
        source: 'kiali',
        state: 'timeout',
        message: 'Kiali timed out: no answer within 5000 ms',
      }),
    );
  /** An answer that takes `ms` on the fake clock. */
  const answer =
    (value: string, ms = 10) =>
    async () => {
      clock.advance(ms);
      return value;
    };
  return { breaker, clock, timeout, answer };
}

const OPEN_ERROR =
  'Kiali is not being asked: 3 failed or slow calls in a row (last: Kiali timed out: no answer within 5000 ms); next probe in 5 s';

describe('CircuitBreaker', () => {
  it('opens after three consecutive outages and then fails at once without calling', async () => {
    const { breaker, timeout } = setup();
    for (let i = 0; i < 2; i++) {
      await expect(breaker.call(timeout)).rejects.toThrow('timed out');
      expect(breaker.status().state).toBe('closed');
    }
    await expect(breaker.call(timeout)).rejects.toThrow('timed out');
    expect(breaker.status()).toEqual({
      state: 'open',
      consecutiveFailures: 3,
      openedAt: '2026-11-28T10:00:00.000Z',
      lastError: 'Kiali timed out: no answer within 5000 ms',
      lastErrorAt: '2026-11-28T10:00:00.000Z',
    });
    const load = jest.fn(async () => 'x');
    await expect(breaker.call(load)).rejects.toThrow(OPEN_ERROR);
    await expect(breaker.call(load)).rejects.toMatchObject({
      state: 'timeout',
      source: 'kiali',
    });
    expect(load).not.toHaveBeenCalled();
  });

  it('a success in between resets the count; answers that are not outages count as success', async () => {
    const { breaker, timeout, answer } = setup();
    await breaker.call(timeout).catch(() => {});
    await breaker.call(timeout).catch(() => {});
    await breaker.call(answer('ok'));
    await breaker.call(timeout).catch(() => {});
    await breaker.call(timeout).catch(() => {});
    const notFound = () =>
      Promise.reject(
        new UpstreamError({
          source: 'kiali',
          state: 'not-found',
          status: 404,
          message: 'no such workload',
        }),
      );
    await expect(breaker.call(notFound)).rejects.toThrow('no such workload');
    await breaker.call(timeout).catch(() => {});
    expect(breaker.status().state).toBe('closed');
    expect(breaker.status().consecutiveFailures).toBe(1);
    // A 500 and a refused connection are outages.
    const http500 = () =>
      Promise.reject(
        new UpstreamError({
          source: 'kiali',
          state: 'bad-answer',
          status: 500,
          message: 'Kiali answered HTTP 500',
        }),
      );
    await breaker.call(http500).catch(() => {});
    await breaker.call(http500).catch(() => {});
    expect(breaker.status().state).toBe('open');
    // The open breaker fails the way the upstream last did.
    await expect(breaker.call(answer('x'))).rejects.toMatchObject({
      state: 'bad-answer',
    });
  });

  it('lets one probe through after the interval; it closes the breaker when the upstream answers', async () => {
    const { breaker, clock, timeout, answer } = setup();
    for (let i = 0; i < 3; i++) await breaker.call(timeout).catch(() => {});
    clock.advance(4999);
    expect(breaker.status().state).toBe('open');
    await expect(breaker.call(answer('early'))).rejects.toThrow(
      'next probe in 1 s',
    );
    clock.advance(1);
    expect(breaker.status().state).toBe('half-open');
    // While the probe is under way, every other call still fails at once.
    let release: (v: string) => void = () => {};
    const probe = breaker.call(
      () =>
        new Promise<string>(resolve => {
          release = resolve;
        }),
    );
    const other = jest.fn(async () => 'other');
    await expect(breaker.call(other)).rejects.toThrow('is not being asked');
    expect(other).not.toHaveBeenCalled();
    release('fresh');
    await expect(probe).resolves.toBe('fresh');
    expect(breaker.status()).toEqual({
      state: 'closed',
      consecutiveFailures: 0,
      lastError: 'Kiali timed out: no answer within 5000 ms',
      lastErrorAt: '2026-11-28T10:00:00.000Z',
    });
    await expect(breaker.call(answer('next'))).resolves.toBe('next');
  });

  it('a failed probe opens it for another interval', async () => {
    const { breaker, clock, timeout } = setup();
    for (let i = 0; i < 3; i++) await breaker.call(timeout).catch(() => {});
    clock.advance(5000);
    await expect(breaker.call(timeout)).rejects.toThrow('timed out');
    expect(breaker.status()).toMatchObject({
      state: 'open',
      consecutiveFailures: 4,
      openedAt: '2026-11-28T10:00:05.000Z',
    });
    clock.advance(4000);
    await expect(breaker.call(timeout)).rejects.toThrow('next probe in 1 s');
  });

  it('counts answers slower than slowMs against it, but returns their data', async () => {
    const { breaker, answer } = setup();
    await expect(breaker.call(answer('slow 1', 2000))).resolves.toBe('slow 1');
    await expect(breaker.call(answer('slow 2', 1001))).resolves.toBe('slow 2');
    await expect(breaker.call(answer('on time', 1000))).resolves.toBe(
      'on time',
    );
    expect(breaker.status().consecutiveFailures).toBe(0);
    for (let i = 0; i < 3; i++) await breaker.call(answer('slow', 2000));
    expect(breaker.status()).toMatchObject({
      state: 'open',
      consecutiveFailures: 3,
      lastError: 'Kiali answered slowly: 2000 ms (over 1000 ms)',
      openedAt: '2026-11-28T10:00:10.001Z',
    });
  });

  it('counts a call still running after slowMs then, and not again when it ends', async () => {
    jest.useFakeTimers();
    try {
      const { breaker, timeout } = setup();
      const ends: Array<(outcome: () => Promise<string>) => void> = [];
      const hanging = () =>
        new Promise<string>((resolve, reject) => {
          ends.push(outcome => outcome().then(resolve, reject));
        });
      const calls = [0, 1, 2].map(() => breaker.call(hanging));
      jest.advanceTimersByTime(999);
      expect(breaker.status().state).toBe('closed');
      jest.advanceTimersByTime(1);
      expect(breaker.status()).toMatchObject({
        state: 'open',
        consecutiveFailures: 3,
        lastError: 'Kiali gave no answer within 1000 ms',
      });
      ends[0](timeout);
      ends[1](async () => 'late');
      ends[2](async () => 'late too');
      await expect(calls[0]).rejects.toThrow('timed out');
      await expect(calls[1]).resolves.toBe('late');
      await expect(calls[2]).resolves.toBe('late too');
      expect(breaker.status()).toMatchObject({
        state: 'open',
        consecutiveFailures: 3,
      });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('Breakers', () => {
  it('keeps one breaker per source and instance', () => {
    const breakers = new Breakers(config);
    expect(breakers.of('argocd', 'prod')).toBe(breakers.of('argocd', 'prod'));
    expect(breakers.of('argocd', 'prod')).not.toBe(
      breakers.of('argocd', 'staging'),
    );
    expect(breakers.of('kiali')).not.toBe(breakers.of('prometheus'));
    expect(breakers.config).toBe(config);
  });
});
