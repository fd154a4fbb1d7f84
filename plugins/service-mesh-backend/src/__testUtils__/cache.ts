import { mockServices } from '@backstage/backend-test-utils';

/** A `CacheService` over a plain map, for tests that look at what was cached (`set` is a jest mock). */
export function mapCache() {
  const store = new Map<string, unknown>();
  const set = jest.fn(async (key: string, value: unknown) => {
    store.set(key, value);
  });
  const cache = mockServices.cache.mock({
    get: async (key: string) => store.get(key) as any,
    set,
    delete: async (key: string) => {
      store.delete(key);
    },
  });
  return { store, set, cache };
}
