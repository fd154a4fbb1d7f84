import { mockServices } from '@backstage/backend-test-utils';
import { SourceCache } from './SourceCache';

describe('SourceCache', () => {
  it('coalesces concurrent loads of one key into one call and then serves the cache', async () => {
    const cache = new SourceCache(
      mockServices.cache.mock({
        get: async () => undefined,
        set: async () => {},
      }),
      1000,
    );
    let calls = 0;
    const load = async () => {
      calls++;
      await new Promise(r => setTimeout(r, 20));
      return { n: calls };
    };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => cache.get('k', load)),
    );
    expect(calls).toBe(1);
    expect(results.every(r => r.n === 1)).toBe(true);
  });

  it('stores with the TTL, reads back, and does not cache failures', async () => {
    const store = new Map<string, unknown>();
    const set = jest.fn(async (key: string, value: unknown) => {
      store.set(key, value);
    });
    const cache = new SourceCache(
      mockServices.cache.mock({
        get: async (key: string) => store.get(key) as any,
        set,
      }),
      1500,
    );
    await expect(
      cache.get('bad', async () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(set).not.toHaveBeenCalled();
    await cache.get('good', async () => 7);
    expect(set).toHaveBeenCalledWith('good', 7, { ttl: 1500 });
    await expect(cache.get('good', async () => 8)).resolves.toBe(7);
  });
});
