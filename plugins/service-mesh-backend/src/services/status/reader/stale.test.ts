import { mapCache } from '../../../__testUtils__/cache';
import { SourceCache } from '../../cache';
import { UpstreamError } from '../../upstream';
import type { MeshSources } from '../sources';
import { Breakers, RESILIENCE_DEFAULTS } from './breaker';
import { SourceReader } from './SourceReader';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const TTL_MS = 30_000;

function setup(options: { slowMs?: number } = {}) {
  const clock = { now: T0 };
  const now = () => clock.now;
  const { store, cache: map } = mapCache();
  const cache = new SourceCache(map, TTL_MS, { keepMs: 3_600_000, now });
  const breakers = new Breakers(
    { ...RESILIENCE_DEFAULTS, slowMs: options.slowMs ?? 1000 },
    now,
  );
  const sources = { sandbox: false, argocd: [] } as unknown as MeshSources;
  const open = () =>
    new SourceReader({ sources, cache, deadlineMs: 2_000, breakers });
  return { clock, store, breakers, open };
}

const kialiTimeout = () =>
  Promise.reject(
    new UpstreamError({
      source: 'kiali',
      state: 'timeout',
      message:
        'Kiali timed out: no answer within 5000 ms (GET http://kiali/api)',
    }),
  );

/** Kiali's health of `shop` read once ({ healthy: 3 }), then three timeouts after its TTL: Kiali open. */
async function openedKialiBreaker() {
  const context = setup();
  const { clock, open } = context;
  const call = { source: 'kiali' as const, key: 'kiali:health:shop' };
  await open().read({ ...call, load: async () => ({ healthy: 3 }) });
  clock.now += TTL_MS;
  for (let i = 0; i < 3; i++) {
    await open().read({ ...call, load: kialiTimeout });
  }
  return { ...context, call };
}

describe('serving the last good answer', () => {
  it('answers a failed read with the last good data, its time and the reason', async () => {
    const { clock, open } = setup();
    const call = { source: 'kiali' as const, key: 'kiali:tls:shop' };
    await expect(
      open().read({ ...call, load: async () => ['MTLS_ENABLED'] }),
    ).resolves.toEqual({
      source: 'kiali',
      state: 'ok',
      data: ['MTLS_ENABLED'],
    });
    clock.now += 4 * 60_000;
    await expect(open().read({ ...call, load: kialiTimeout })).resolves.toEqual(
      {
        source: 'kiali',
        state: 'ok',
        data: ['MTLS_ENABLED'],
        message:
          'Kiali timed out: no answer within 5000 ms (GET http://kiali/api)',
        stale: {
          fetchedAt: '2026-11-28T10:00:00.000Z',
          reason: 'Kiali not answering',
        },
      },
    );
  });

  it('names the instance and the kind of outage', async () => {
    const { clock, open } = setup();
    const call = {
      source: 'argocd' as const,
      instance: 'prod',
      key: 'argocd:prod:overview',
    };
    await open().read({ ...call, load: async () => [1] });
    clock.now += TTL_MS;
    const refused = () =>
      Promise.reject(
        new UpstreamError({
          source: 'argocd',
          instance: 'prod',
          state: 'unreachable',
          message: 'Argo CD instance "prod" is unreachable: connection refused',
        }),
      );
    const result = await open().read({ ...call, load: refused });
    expect(result.stale).toEqual({
      fetchedAt: '2026-11-28T10:00:00.000Z',
      reason: 'Argo CD instance "prod" unreachable',
    });
    expect(result.instance).toBe('prod');
  });

  it('does not call a source whose breaker is open, and answers from the last good data at once', async () => {
    const { clock, open, breakers, call } = await openedKialiBreaker();
    expect(breakers.of('kiali').status().state).toBe('open');
    const load = jest.fn(async () => ({ healthy: 0 }));
    const result = await open().read({ ...call, load });
    expect(load).not.toHaveBeenCalled();
    expect(result).toEqual({
      source: 'kiali',
      state: 'ok',
      data: { healthy: 3 },
      message:
        'Kiali is not being asked: 3 failed or slow calls in a row (last: Kiali timed out: no answer within 5000 ms (GET http://kiali/api)); next probe in 5 s',
      stale: {
        fetchedAt: '2026-11-28T10:00:00.000Z',
        reason: 'Kiali not answering',
      },
    });
    // Without a last good answer, the open breaker is the failure.
    await expect(
      open().read({ source: 'kiali', key: 'kiali:health:other', load }),
    ).resolves.toEqual({
      source: 'kiali',
      state: 'timeout',
      message: expect.stringMatching(/^Kiali is not being asked: 3 failed/),
    });
    expect(load).not.toHaveBeenCalled();
    // One probe interval later the probe reads fresh data and closes the breaker.
    clock.now += 5000;
    await expect(open().read({ ...call, load })).resolves.toEqual({
      source: 'kiali',
      state: 'ok',
      data: { healthy: 0 },
    });
    expect(breakers.of('kiali').status().state).toBe('closed');
  });

  it('does not join a running load once the breaker has opened: a hanging upstream costs slowMs once', async () => {
    const { clock, open, breakers } = setup({ slowMs: 30 });
    const keys = ['kiali:health:a', 'kiali:health:b', 'kiali:health:c'];
    for (const key of keys) {
      await open().read({ source: 'kiali', key, load: async () => key });
    }
    clock.now += TTL_MS;
    const hang = () => new Promise<string>(() => {});
    const first = await Promise.all(
      keys.map(key => open().read({ source: 'kiali', key, load: hang })),
    );
    expect(first.map(r => r.message)).toEqual(
      keys.map(
        () =>
          'Kiali did not answer within 30 ms; its last answer is shown while it loads',
      ),
    );
    expect(breakers.of('kiali').status()).toMatchObject({
      state: 'open',
      consecutiveFailures: 3,
      lastError: 'Kiali gave no answer within 30 ms',
    });
    // The loads still hang; the same key answers at once from its last good answer.
    await expect(
      open().read({ source: 'kiali', key: keys[0], load: hang }),
    ).resolves.toEqual({
      source: 'kiali',
      state: 'ok',
      data: keys[0],
      message:
        'Kiali is not being asked: 3 failed or slow calls in a row (last: Kiali gave no answer within 30 ms); next probe in 5 s',
      stale: {
        fetchedAt: '2026-11-28T10:00:00.000Z',
        reason: 'Kiali not answering',
      },
    });
  });

  it('does not wait for a probe under way: the same and other keys answer at once, and the probe refreshes the data', async () => {
    const { clock, open, breakers, call } = await openedKialiBreaker();
    clock.now += 5000;
    let answer: (value: { healthy: number }) => void = () => {};
    const probeLoad = jest.fn(
      () =>
        new Promise<{ healthy: number }>(resolve => {
          answer = resolve;
        }),
    );
    const probe = open().read({ ...call, load: probeLoad });
    expect(breakers.of('kiali').status().state).toBe('half-open');
    const load = jest.fn(async () => ({ healthy: 9 }));
    const waiting = {
      source: 'kiali',
      state: 'ok',
      data: { healthy: 3 },
      message:
        'Kiali is not being asked: 3 failed or slow calls in a row (last: Kiali timed out: no answer within 5000 ms (GET http://kiali/api)); a probe call is under way',
      stale: {
        fetchedAt: '2026-11-28T10:00:00.000Z',
        reason: 'Kiali not answering',
      },
    };
    await expect(open().read({ ...call, load })).resolves.toEqual(waiting);
    await expect(
      open().read({ source: 'kiali', key: 'kiali:health:other', load }),
    ).resolves.toEqual({
      source: 'kiali',
      state: 'timeout',
      message: waiting.message,
    });
    // A part of a batched call (the batch is what the breaker counts) does not wait either.
    await expect(
      open().read({ ...call, key: 'kiali:tls:shop', unguarded: true, load }),
    ).resolves.toEqual({
      source: 'kiali',
      state: 'timeout',
      message: waiting.message,
    });
    // Nor does a cached call read without a last good answer (Kiali's version lookup).
    await expect(
      open().fetch({ source: 'kiali', key: 'kiali:status', load }),
    ).rejects.toThrow(waiting.message);
    expect(load).not.toHaveBeenCalled();
    expect(probeLoad).toHaveBeenCalledTimes(1);
    answer({ healthy: 5 });
    await expect(probe).resolves.toEqual({
      source: 'kiali',
      state: 'ok',
      data: { healthy: 5 },
    });
    expect(breakers.of('kiali').status().state).toBe('closed');
    await expect(open().read({ ...call, load })).resolves.toEqual({
      source: 'kiali',
      state: 'ok',
      data: { healthy: 5 },
    });
    expect(load).not.toHaveBeenCalled();
  });

  it('answers from the last good data when a load takes longer than slowMs, and caches the late answer', async () => {
    const { clock, open } = setup({ slowMs: 30 });
    const call = { source: 'prometheus' as const, key: 'prometheus:overview' };
    await open().read({ ...call, load: async () => 'old' });
    clock.now += TTL_MS;
    let release: (v: string) => void = () => {};
    const slow = () =>
      new Promise<string>(resolve => {
        release = resolve;
      });
    const result = await open().read({ ...call, load: slow });
    expect(result).toEqual({
      source: 'prometheus',
      state: 'ok',
      data: 'old',
      message:
        'Prometheus did not answer within 30 ms; its last answer is shown while it loads',
      stale: {
        fetchedAt: '2026-11-28T10:00:00.000Z',
        reason: 'Prometheus not answering',
      },
    });
    release('new');
    await new Promise(resolve => setImmediate(resolve));
    const unused = jest.fn(async () => 'unused');
    await expect(open().read({ ...call, load: unused })).resolves.toEqual({
      source: 'prometheus',
      state: 'ok',
      data: 'new',
    });
    expect(unused).not.toHaveBeenCalled();
  });

  it('passes an answer that is not an outage on as it is, last good data or not', async () => {
    const { clock, open } = setup();
    const call = { source: 'kiali' as const, key: 'kiali:workload:shop/x' };
    await open().read({ ...call, load: async () => 'x' });
    clock.now += TTL_MS;
    const gone = () =>
      Promise.reject(
        new UpstreamError({
          source: 'kiali',
          state: 'not-found',
          status: 404,
          message: 'Kiali has no workload "x"',
        }),
      );
    await expect(open().read({ ...call, load: gone })).resolves.toEqual({
      source: 'kiali',
      state: 'not-found',
      message: 'Kiali has no workload "x"',
    });
  });

  it('reads Git without a breaker: a slow repository does not close Git for the others', async () => {
    const { open, breakers } = setup();
    for (let i = 0; i < 5; i++) {
      await open().read({
        source: 'git',
        key: `git:manifests:${i}`,
        load: () =>
          Promise.reject(
            new UpstreamError({
              source: 'git',
              state: 'timeout',
              message: 'Git timed out',
            }),
          ),
      });
    }
    await expect(
      open().read({ source: 'git', key: 'git:other', load: async () => 1 }),
    ).resolves.toEqual({ source: 'git', state: 'ok', data: 1 });
    expect(breakers.of('git').status().consecutiveFailures).toBe(0);
  });
});
