import { mockServices } from '@backstage/backend-test-utils';
import { mapCache } from '../../__testUtils__/cache';
import { SourceCache } from './SourceCache';

describe('SourceCache', () => {
  it('coalesces concurrent loads of one key into one call and then serves the cache', async () => {
    const { cache } = mapCache();
    const sourceCache = new SourceCache(cache, 1000);
    let calls = 0;
    const load = async () => {
      calls++;
      await new Promise(r => setTimeout(r, 20));
      return { n: calls };
    };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => sourceCache.get('k', load)),
    );
    expect(calls).toBe(1);
    expect(results.every(r => r.n === 1)).toBe(true);
    await expect(sourceCache.get('k', load)).resolves.toEqual({ n: 1 });
    expect(calls).toBe(1);
  });

  it('stores each answer with its time for keepMs, serves it while fresh, and does not cache failures', async () => {
    const { store, set, cache } = mapCache();
    let now = 1_000_000;
    const sourceCache = new SourceCache(cache, 1500, {
      keepMs: 60_000,
      now: () => now,
    });
    await expect(
      sourceCache.get('bad', async () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(set).not.toHaveBeenCalled();
    await sourceCache.get('good', async () => 7);
    expect(set).toHaveBeenCalledWith(
      'good',
      { at: 1_000_000, value: 7 },
      { ttl: 60_000 },
    );
    now += 1499;
    await expect(sourceCache.get('good', async () => 8)).resolves.toBe(7);
    now += 1;
    const entry = await sourceCache.entry<number>('good');
    expect(entry).toEqual({ at: 1_000_000, value: 7 });
    expect(sourceCache.isFresh(entry!)).toBe(false);
    await expect(sourceCache.get('good', async () => 8)).resolves.toBe(8);
    expect(store.get('good')).toEqual({ at: 1_001_500, value: 8 });
  });

  it('keeps answers for the TTL when keepMs is not given, and reads a value of another shape as a miss', async () => {
    const { store, set, cache } = mapCache();
    const sourceCache = new SourceCache(cache, 1500);
    await sourceCache.get('k', async () => 'v');
    expect(set).toHaveBeenCalledWith('k', expect.anything(), { ttl: 1500 });
    // A plain value, as an older version cached it.
    store.set('old', ['plain']);
    await expect(sourceCache.entry('old')).resolves.toBeUndefined();
    await expect(sourceCache.get('old', async () => 'new')).resolves.toBe(
      'new',
    );
  });

  it('treats a store that throws as a miss and still answers', async () => {
    const sourceCache = new SourceCache(
      mockServices.cache.mock({
        get: async () => Promise.reject(new Error('redis down')),
        set: async () => Promise.reject(new Error('redis down')),
      }),
      1000,
    );
    await expect(sourceCache.get('k', async () => 5)).resolves.toBe(5);
  });
});
