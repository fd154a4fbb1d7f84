import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Request } from 'express';
import { entityAccess } from './routeHelpers';

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
};

/** A request for `name` carrying `authorization` (absent: a caller without a bearer token). */
const requestFor = (name: string, authorization?: string) =>
  ({
    params: { kind: 'component', namespace: 'default', name },
    headers: authorization ? { authorization } : {},
  }) as unknown as Request;

function setup() {
  const answers: Array<(entity: Entity | undefined) => void> = [];
  const getEntityByRef = jest.fn(
    (_ref: string) =>
      new Promise<Entity | undefined>(resolve => answers.push(resolve)),
  );
  const httpAuth = {
    credentials: async () => mockCredentials.user(),
  } as unknown as HttpAuthService;
  const { entityFor } = entityAccess({
    catalog: catalogServiceMock.mock({ getEntityByRef } as any),
    httpAuth,
    permissions: mockServices.permissions(),
  });
  /** Lets the pending lookups reach the catalog. */
  const settle = () => new Promise(resolve => setImmediate(resolve));
  return { entityFor, getEntityByRef, answers, settle };
}

describe('entityAccess.entityFor', () => {
  it("shares one catalog read among one caller's concurrent lookups of an entity", async () => {
    const { entityFor, getEntityByRef, answers, settle } = setup();
    const alice = 'Bearer alice-token';
    const pending = [
      entityFor(requestFor('checkout', alice)),
      entityFor(requestFor('checkout', alice)),
      // Another token, another entity, no token: each reads on its own.
      entityFor(requestFor('checkout', 'Bearer bob-token')),
      entityFor(requestFor('cart', alice)),
      entityFor(requestFor('checkout')),
    ];
    await settle();
    expect(getEntityByRef.mock.calls.map(([ref]) => ref)).toEqual([
      'component:default/checkout',
      'component:default/checkout',
      'component:default/cart',
      'component:default/checkout',
    ]);
    answers.forEach(answer => answer(checkout));
    await expect(Promise.all(pending)).resolves.toEqual(
      Array(5).fill(checkout),
    );
    // Nothing is kept once the read answered: the next lookup reads again.
    const again = entityFor(requestFor('checkout', alice));
    await settle();
    expect(getEntityByRef).toHaveBeenCalledTimes(5);
    answers[4](undefined);
    await expect(again).rejects.toThrow('No entity component:default/checkout');
  });
});
