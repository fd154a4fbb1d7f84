import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CallerEntities } from './CallerEntities';
import { MESHED_ENTITY_FIELDS, meshedEntitiesFilter } from './entityTargets';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'meshport.io/workload': name } },
});

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');
const aliceHeader = mockCredentials.user.header('user:default/alice');
const bobHeader = mockCredentials.user.header('user:default/bob');

/** A catalog whose answer depends on the caller (as the catalog's read permission makes it), counted. */
function setup(options: { ttlMs: number; maxEntities?: number }) {
  let time = 1_000_000;
  const seen: Record<string, Entity[]> = {
    'user:default/alice': [entity('checkout'), entity('payments')],
    'user:default/bob': [entity('inventory')],
  };
  const reads: string[] = [];
  let fail = false;
  const getEntities = jest.fn(
    async (_request: unknown, { credentials }: { credentials: any }) => {
      const ref = (credentials as BackstageCredentials<any>).principal
        .userEntityRef;
      reads.push(ref);
      if (fail) throw new Error('catalog down');
      return { items: seen[ref] };
    },
  );
  const catalog = catalogServiceMock.mock({ getEntities } as any);
  const entities = new CallerEntities(catalog, {
    ...options,
    now: () => time,
  });
  return {
    entities,
    getEntities,
    reads,
    seen,
    advance: (ms: number) => {
      time += ms;
    },
    failing: (value: boolean) => {
      fail = value;
    },
  };
}

const names = (items: Entity[]) => items.map(e => e.metadata.name);

describe('CallerEntities', () => {
  it("reads the meshed entities' row fields with the caller's credentials", async () => {
    const { entities, getEntities } = setup({ ttlMs: 30_000 });
    expect(names(await entities.read(alice, aliceHeader))).toEqual([
      'checkout',
      'payments',
    ]);
    expect(getEntities).toHaveBeenCalledWith(
      { filter: meshedEntitiesFilter(), fields: MESHED_ENTITY_FIELDS },
      { credentials: alice },
    );
  });

  it("keeps a caller's view for the same token only, until the TTL ends", async () => {
    const { entities, reads, seen, advance } = setup({ ttlMs: 30_000 });
    await entities.read(alice, aliceHeader);
    // Another caller is never answered with alice's view.
    expect(names(await entities.read(bob, bobHeader))).toEqual(['inventory']);
    seen['user:default/alice'] = [entity('checkout')];
    advance(29_999);
    expect(names(await entities.read(alice, aliceHeader))).toEqual([
      'checkout',
      'payments',
    ]);
    expect(reads).toEqual(['user:default/alice', 'user:default/bob']);
    // At the TTL (counted from the read's start) the catalog is asked again: the change shows.
    advance(1);
    expect(names(await entities.read(alice, aliceHeader))).toEqual([
      'checkout',
    ]);
    // The same user with another token (a new sign-in, other claims) reads anew.
    const other = `${aliceHeader}-renewed`;
    await entities.read(alice, other);
    expect(reads).toEqual([
      'user:default/alice',
      'user:default/bob',
      'user:default/alice',
      'user:default/alice',
    ]);
  });

  it('shares one read among concurrent requests of a token, also with TTL 0, which keeps nothing after', async () => {
    const { entities, reads } = setup({ ttlMs: 0 });
    const [a, b] = await Promise.all([
      entities.read(alice, aliceHeader),
      entities.read(alice, aliceHeader),
    ]);
    expect(a).toBe(b);
    expect(reads).toEqual(['user:default/alice']);
    await entities.read(alice, aliceHeader);
    expect(reads).toEqual(['user:default/alice', 'user:default/alice']);
  });

  it('keeps nothing of a failed read', async () => {
    const { entities, reads, failing } = setup({ ttlMs: 30_000 });
    failing(true);
    await expect(entities.read(alice, aliceHeader)).rejects.toThrow(
      'catalog down',
    );
    failing(false);
    expect(names(await entities.read(alice, aliceHeader))).toHaveLength(2);
    expect(reads).toHaveLength(2);
  });

  it('neither shares nor keeps a read without an Authorization header', async () => {
    const { entities, reads } = setup({ ttlMs: 30_000 });
    await Promise.all([
      entities.read(alice, undefined),
      entities.read(alice, undefined),
    ]);
    expect(reads).toHaveLength(2);
  });

  it('drops the oldest views past the entity limit, and keeps no view larger than it', async () => {
    const { entities, reads, seen } = setup({ ttlMs: 30_000, maxEntities: 3 });
    await entities.read(alice, aliceHeader); // 2 entities
    await entities.read(bob, bobHeader); // 1: 3 kept
    await entities.read(alice, aliceHeader);
    await entities.read(bob, bobHeader);
    expect(reads).toHaveLength(2);
    const carol = mockCredentials.user('user:default/carol');
    seen['user:default/carol'] = [entity('cart')];
    await entities.read(
      carol,
      mockCredentials.user.header('user:default/carol'),
    );
    // 4 > 3: alice's view (the oldest) went; bob's is still kept.
    await entities.read(bob, bobHeader);
    expect(reads).toHaveLength(3);
    await entities.read(alice, aliceHeader);
    expect(reads).toHaveLength(4);
    const dave = mockCredentials.user('user:default/dave');
    seen['user:default/dave'] = ['a', 'b', 'c', 'd'].map(entity);
    const daveHeader = mockCredentials.user.header('user:default/dave');
    expect(names(await entities.read(dave, daveHeader))).toHaveLength(4);
    await entities.read(dave, daveHeader);
    expect(reads.filter(r => r === 'user:default/dave')).toHaveLength(2);
  });
});
