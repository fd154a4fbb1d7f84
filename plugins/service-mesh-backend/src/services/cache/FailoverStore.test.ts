import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { FailoverStore, isProcessLocalStore } from './FailoverStore';

/** A shared store that works until `down` is set; then, like Backstage's Redis store, it swallows errors. */
function sharedStore() {
  const store = new Map<string, unknown>();
  const state = { down: false };
  const get = jest.fn(async (key: string) =>
    state.down ? undefined : (store.get(key) as any),
  );
  const set = jest.fn(async (key: string, value: unknown) => {
    if (!state.down) store.set(key, value);
  });
  const cache = mockServices.cache.mock({
    get,
    set,
    delete: async (key: string) => {
      store.delete(key);
    },
  });
  return { store, state, get, set, cache };
}

const settle = () => new Promise(resolve => setImmediate(resolve));

describe('FailoverStore', () => {
  it('uses the shared store while its canary reads back', async () => {
    const shared = sharedStore();
    const failover = new FailoverStore(shared.cache, { checkMs: 1000 });
    await failover.set('k', 'v', { ttl: 5000 });
    await settle();
    await expect(failover.get('k')).resolves.toBe('v');
    expect(shared.store.get('k')).toBe('v');
    expect(failover.sharedStoreHealthy).toBe(true);
  });

  it('switches to memory when the canary does not read back, and back when it does', async () => {
    const shared = sharedStore();
    let now = 0;
    const failover = new FailoverStore(shared.cache, {
      checkMs: 1000,
      now: () => now,
    });
    await failover.get('warm');
    await settle();
    shared.state.down = true;
    now = 1000;
    await failover.get('k'); // starts a check
    await settle();
    // One failed check may be a replica's first, racing its connection: still shared.
    expect(failover.sharedStoreHealthy).toBe(true);
    now = 2000;
    await failover.get('k'); // the second failed check in a row
    await settle();
    expect(failover.sharedStoreHealthy).toBe(false);
    shared.get.mockClear();
    shared.set.mockClear();
    // Within checkMs nothing reaches the dead store; the replica caches for itself.
    now = 2500;
    await failover.set('k', { n: 1 }, { ttl: 300 });
    await expect(failover.get('k')).resolves.toEqual({ n: 1 });
    expect(shared.get).not.toHaveBeenCalled();
    expect(shared.set).not.toHaveBeenCalled();
    now = 2801;
    await expect(failover.get('k')).resolves.toBeUndefined();
    // Redis is back: the next check finds it, the stand-in is dropped.
    shared.state.down = false;
    await failover.set('m', 'memory only', { ttl: 60_000 });
    now = 3000;
    await failover.get('x');
    await settle();
    expect(failover.sharedStoreHealthy).toBe(true);
    await expect(failover.get('m')).resolves.toBeUndefined();
  });

  it('bounds the stand-in, dropping the oldest answer first', async () => {
    const shared = sharedStore();
    shared.state.down = true;
    let now = 0;
    const failover = new FailoverStore(shared.cache, {
      checkMs: 60_000,
      maxEntries: 2,
      now: () => now,
    });
    await failover.get('start');
    await settle();
    now = 60_000;
    await failover.get('start'); // the second failed check: down
    await settle();
    await failover.set('a', 1, { ttl: 60_000 });
    await failover.set('b', 2, { ttl: 60_000 });
    await failover.set('c', 3, { ttl: 60_000 });
    expect(
      await Promise.all(['a', 'b', 'c'].map(k => failover.get(k))),
    ).toEqual([undefined, 2, 3]);
  });

  it("over Backstage's memory store, keeps answers as objects in its own map and never asks the store", async () => {
    const shared = sharedStore();
    let now = 0;
    const failover = new FailoverStore(shared.cache, {
      processLocal: true,
      now: () => now,
    });
    const answer = { apps: [{ name: 'checkout' }] };
    await failover.set('k', answer, { ttl: 1000 });
    await settle();
    // The same object, not a parsed copy; no canary, no read or write of the store.
    await expect(failover.get('k')).resolves.toBe(answer);
    expect(shared.get).not.toHaveBeenCalled();
    expect(shared.set).not.toHaveBeenCalled();
    now = 1000;
    await expect(failover.get('k')).resolves.toBeUndefined();
    await failover.set('m', 1, { ttl: 5000 });
    await failover.delete('m');
    await expect(failover.get('m')).resolves.toBeUndefined();
    expect(shared.store.size).toBe(0);
  });

  it('takes the default and the memory cache store for process-local, Redis for shared', () => {
    const store = (cache?: object) =>
      isProcessLocalStore(
        new ConfigReader(cache ? { backend: { cache } } : {}),
      );
    expect(store()).toBe(true);
    expect(store({ store: 'memory' })).toBe(true);
    expect(store({ store: 'redis', connection: 'redis://x' })).toBe(false);
  });

  it('counts a store that does not answer the canary within checkMs as down', async () => {
    jest.useFakeTimers();
    try {
      const hanging = mockServices.cache.mock({
        get: () => new Promise(() => {}),
        set: () => new Promise(() => {}),
      });
      const failover = new FailoverStore(hanging, { checkMs: 1000 });
      void failover.get('k');
      await jest.advanceTimersByTimeAsync(1000);
      expect(failover.sharedStoreHealthy).toBe(true);
      void failover.get('k');
      await jest.advanceTimersByTimeAsync(1000);
      expect(failover.sharedStoreHealthy).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
