import type { ArgoApplication } from '../argocd';
import { environmentId, findEnvironment } from './environments';

const app = (name: string, namespace?: string) =>
  ({
    metadata: { name, namespace },
    spec: { destination: {} },
  }) as ArgoApplication;

// Two Argo CD instances deploy the same application name (issue 12, defect 8).
const envs = [
  { id: environmentId('eu', app('checkout-prod', 'argocd')), name: 'prod' },
  { id: environmentId('us', app('checkout-prod', 'argocd')), name: 'prod' },
  { id: environmentId('eu', app('checkout-dev')), name: 'dev' },
];

describe('environment identity', () => {
  it('names the instance, app namespace and app', () => {
    expect(envs.map(e => e.id)).toEqual([
      'eu:argocd/checkout-prod',
      'us:argocd/checkout-prod',
      'eu:checkout-dev',
    ]);
  });

  it('finds an environment by id, by an unambiguous name, or the first', () => {
    expect(findEnvironment(envs, 'us:argocd/checkout-prod', 'c')).toBe(envs[1]);
    expect(findEnvironment(envs, 'dev', 'c')).toBe(envs[2]);
    expect(findEnvironment(envs, undefined, 'c')).toBe(envs[0]);
  });

  it('refuses an ambiguous name with a 400 listing the ids, and an unknown one with a 404', () => {
    expect(() => findEnvironment(envs, 'prod', 'component:default/c')).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          'component:default/c has 2 environments named "prod": pick one by id ("eu:argocd/checkout-prod", "us:argocd/checkout-prod")',
      }),
    );
    expect(() => findEnvironment(envs, 'qa', 'component:default/c')).toThrow(
      expect.objectContaining({
        name: 'NotFoundError',
        message:
          'component:default/c has no environment "qa" (its environments: "eu:argocd/checkout-prod", "us:argocd/checkout-prod", "eu:checkout-dev")',
      }),
    );
  });
});
