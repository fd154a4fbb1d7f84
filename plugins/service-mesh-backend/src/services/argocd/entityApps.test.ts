import { readEntityTargets } from '../targets';
import {
  appQueryMatcher,
  bindApps,
  entityAppQuery,
  entityBinding,
  entityInstances,
  matchingApps,
  type ArgoAppIdentity,
} from './entityApps';
import { checkRevision } from './revision';

const app = (
  name: string,
  labels: Record<string, string>,
  project = 'shop',
  namespace = 'argocd',
): ArgoAppIdentity => ({
  metadata: { name, namespace, labels },
  spec: { project },
});

const APPS = [
  app('checkout-dev', { app: 'checkout', env: 'dev' }),
  app('checkout-prod', { app: 'checkout', env: 'prod' }),
  app('checkout-team', { app: 'checkout', env: 'prod' }, 'team', 'team-argo'),
  app('cart-prod', { app: 'cart', env: 'prod' }),
];

const targetsOf = (annotations: Record<string, string>) =>
  readEntityTargets(
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', annotations },
    },
    ['prod', 'staging'],
  ).argocd!;

const matching = (annotations: Record<string, string>) =>
  APPS.filter(appQueryMatcher(entityAppQuery(targetsOf(annotations)))).map(
    a => a.metadata.name,
  );

describe('the applications of an entity', () => {
  it('sends Argo CD the query of the annotations, selector re-serialised', () => {
    expect(
      entityAppQuery(
        targetsOf({
          'argocd/app-selector': 'app = checkout, env in (dev,prod)',
          'argocd/project-name': 'shop',
          'argocd/app-namespace': 'argocd',
        }),
      ),
    ).toEqual({
      selector: 'app=checkout,env in (dev,prod)',
      project: 'shop',
      appNamespace: 'argocd',
    });
  });

  it('matches locally by name, label selector, project and app namespace', () => {
    expect(matching({ 'argocd/app-name': 'checkout-prod' })).toEqual([
      'checkout-prod',
    ]);
    expect(matching({ 'argocd/app-selector': 'app=checkout' })).toEqual([
      'checkout-dev',
      'checkout-prod',
      'checkout-team',
    ]);
    expect(
      matching({
        'argocd/app-selector': 'app=checkout,env notin (dev)',
        'argocd/project-name': 'shop',
      }),
    ).toEqual(['checkout-prod']);
    expect(
      matching({
        'argocd/app-selector': 'app=checkout',
        'argocd/app-namespace': 'team-argo',
      }),
    ).toEqual(['checkout-team']);
  });

  it('answers a list query from a name index as the matcher does, in list order', () => {
    const twins = [
      ...APPS,
      app('checkout-prod', { app: 'checkout' }, 'team', 'team-argo'),
    ];
    const names = (query: Parameters<typeof matchingApps>[0]) =>
      matchingApps(query, twins).map(
        a => `${a.metadata.namespace}/${a.metadata.name}`,
      );
    expect(names({ name: 'checkout-prod' })).toEqual([
      'argocd/checkout-prod',
      'team-argo/checkout-prod',
    ]);
    // The index answers the name; the query's other parts still apply.
    expect(names({ name: 'checkout-prod', project: 'team' })).toEqual([
      'team-argo/checkout-prod',
    ]);
    expect(names({ name: 'payments' })).toEqual([]);
    expect(names({ selector: 'env=prod' })).toEqual([
      'argocd/checkout-prod',
      'team-argo/checkout-team',
      'argocd/cart-prod',
    ]);
    // Another list object is indexed on its own.
    expect(
      matchingApps({ name: 'checkout-prod' }, APPS).map(a => a.spec?.project),
    ).toEqual(['shop']);
  });

  it('looks only on the instances the entity names', () => {
    const instances = ['prod', 'staging'].map(instance => ({
      api: { instance },
    }));
    const names = (argocd?: { instances?: string[] }) =>
      entityInstances(argocd, instances).map(i => i.api.instance);
    expect(names(targetsOf({ 'argocd/app-name': 'x' }))).toEqual([
      'prod',
      'staging',
    ]);
    expect(
      names(
        targetsOf({
          'argocd/app-name': 'x',
          'argocd/instance-name': 'staging',
        }),
      ),
    ).toEqual(['staging']);
    expect(names(undefined)).toEqual(['prod', 'staging']);
  });
});

describe('the applications bound to an entity', () => {
  const bound = (entityRef: string | undefined, project = 'shop') => ({
    metadata: {
      name: 'x',
      ...(entityRef
        ? { annotations: { 'meshport.io/entity-ref': entityRef } }
        : {}),
    },
    spec: { project },
  });
  const checkout = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'Checkout', namespace: 'default' },
    spec: { owner: 'team-a' },
  };
  const names = (apps: ArgoAppIdentity[], access = {}) =>
    bindApps(
      apps.map((a, i) => ({
        ...a,
        metadata: { ...a.metadata, name: `a${i}` },
      })),
      entityBinding(checkout, access),
    );

  it('binds only the applications whose meshport.io/entity-ref names the entity, refs compared as the catalog does', () => {
    expect(
      names([
        bound('component:default/checkout'),
        bound('Component:Default/CHECKOUT'),
        bound(' group:default/x , component:default/checkout'),
        bound('component:default/checkout-v2'),
        bound('checkout'),
        bound(undefined),
      ]),
    ).toEqual({
      bound: [
        expect.objectContaining({
          metadata: expect.objectContaining({ name: 'a0' }),
        }),
        expect.objectContaining({
          metadata: expect.objectContaining({ name: 'a1' }),
        }),
        expect.objectContaining({
          metadata: expect.objectContaining({ name: 'a2' }),
        }),
      ],
      foreign: 3,
    });
  });

  it("also requires one of the owner's projects when the platform maps owners to projects", () => {
    const apps = [
      bound('component:default/checkout', 'shop'),
      bound('component:default/checkout', 'payments'),
    ];
    const access = (ownerProjects: Record<string, string[]>) => ({
      ownerProjects,
    });
    expect(
      names(apps, access({ 'group:default/team-a': ['shop'] })).bound.map(
        a => a.spec?.project,
      ),
    ).toEqual(['shop']);
    // An owner the map does not name has no projects: nothing is bound.
    expect(names(apps, access({ 'group:default/team-b': ['shop'] }))).toEqual({
      bound: [],
      foreign: 2,
    });
    expect(names(apps).foreign).toBe(0);
  });
});

describe('checkRevision', () => {
  it('accepts commit SHAs, tags and branch names', () => {
    expect(checkRevision('3f1c2ab')).toBe('3f1c2ab');
    expect(checkRevision('release/v1.2.0')).toBe('release/v1.2.0');
  });

  it.each(['../x', '-rf', '', 'a b', 'x'.repeat(256)])(
    'rejects %j with an InputError',
    revision => {
      expect(() => checkRevision(revision)).toThrow(
        /^Invalid revision ".*": expected a commit SHA, tag or branch name$/,
      );
    },
  );
});
