import { mapCache } from '../../../__testUtils__/cache';
import { SourceCache } from '../../cache';
import { UpstreamError } from '../../upstream';
import type { MeshSources } from '../sources';
import {
  Breakers,
  RESILIENCE_DEFAULTS,
  type ResilienceConfig,
} from './breaker';
import {
  mapResult,
  notConfigured,
  SourceReader,
  withoutData,
} from './SourceReader';

function reader(
  options: {
    sandbox?: boolean;
    deadlineMs?: number;
    now?: () => number;
    resilience?: Partial<ResilienceConfig>;
  } = {},
) {
  const { store, cache: map } = mapCache();
  const now = options.now ?? Date.now;
  const cache = new SourceCache(map, 60_000, { keepMs: 3_600_000, now });
  const sources = {
    sandbox: options.sandbox ?? false,
    argocd: [],
  } as unknown as MeshSources;
  const breakers = new Breakers(
    { ...RESILIENCE_DEFAULTS, ...options.resilience },
    now,
  );
  return {
    store,
    breakers,
    reader: new SourceReader({
      sources,
      cache,
      deadlineMs: options.deadlineMs ?? 1_000,
      breakers,
    }),
  };
}

describe('SourceReader', () => {
  it('reads through the cache: one load per key, the answer as an ok result', async () => {
    const { reader: r, store } = reader();
    const load = jest.fn(async () => ['a']);
    const call = { source: 'kiali' as const, key: 'kiali:x', load };
    const results = await Promise.all([r.read(call), r.read(call)]);
    expect(results).toEqual([
      { source: 'kiali', state: 'ok', data: ['a'] },
      { source: 'kiali', state: 'ok', data: ['a'] },
    ]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(store.get('kiali:x')).toEqual({
      at: expect.any(Number),
      value: ['a'],
    });
    await r.forget('kiali:x');
    expect(store.has('kiali:x')).toBe(false);
  });

  it('turns a failure into the result state and tags sandbox answers', async () => {
    const { reader: r } = reader({ sandbox: true });
    const result = await r.read({
      source: 'argocd',
      instance: 'prod',
      load: () =>
        Promise.reject(
          new UpstreamError({
            source: 'argocd',
            instance: 'prod',
            state: 'unauthorized',
            message: 'Argo CD instance "prod" refused the token',
          }),
        ),
    });
    expect(result).toEqual({
      source: 'argocd',
      instance: 'prod',
      state: 'unauthorized',
      message: 'Argo CD instance "prod" refused the token',
      sandbox: true,
    });
    expect(r.tagged({ source: 'git', state: 'ok' })).toEqual({
      source: 'git',
      state: 'ok',
      sandbox: true,
    });
  });

  it('fails a call that outlives the request deadline', async () => {
    const { reader: r } = reader({ deadlineMs: 10 });
    const never = () => new Promise<string>(() => {});
    await expect(
      r.fetch({ source: 'prometheus', load: never }),
    ).rejects.toThrow(
      'Prometheus did not answer within the request deadline of 10 ms',
    );
    await expect(
      r.read({ source: 'prometheus', load: never }),
    ).resolves.toEqual({
      source: 'prometheus',
      state: 'timeout',
      message: 'Prometheus did not answer within the request deadline of 10 ms',
    });
  });
});

describe('results', () => {
  it('says which config key configures a source', () => {
    expect(notConfigured('kiali')).toEqual({
      source: 'kiali',
      state: 'not-configured',
      message:
        'Kiali is not configured: add serviceMesh.kiali to the backend config',
    });
  });

  it('derives from ok results and passes failures on without data', () => {
    expect(
      mapResult({ source: 'git', state: 'ok', data: 2 }, n => n * 10),
    ).toEqual({ source: 'git', state: 'ok', data: 20 });
    expect(
      mapResult<number, number>(
        { source: 'git', state: 'timeout', message: 'late' },
        n => n * 10,
      ),
    ).toEqual({ source: 'git', state: 'timeout', message: 'late' });
    expect(
      Object.keys(withoutData({ source: 'git', state: 'ok', data: [1] })),
    ).toEqual(['source', 'state']);
  });
});
