import { readEntityTargets } from '../targets';
import {
  appQueryMatcher,
  entityAppQuery,
  entityInstances,
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
