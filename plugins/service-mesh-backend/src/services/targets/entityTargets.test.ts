import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { readEntityTargets } from './entityTargets';
import {
  formatLabelSelector,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

const entity = (
  annotations: Record<string, string>,
  name = 'checkout',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: {},
});

describe('readEntityTargets', () => {
  it('reads the example checkout entity', () => {
    expect(
      readEntityTargets(
        entity({
          'backstage.io/kubernetes-id': 'checkout',
          'argocd/app-selector': 'app.kubernetes.io/name=checkout',
          'argocd/project-name': 'shop',
          'meshport.io/workload': 'checkout',
          'meshport.io/manifests':
            'url:https://github.com/meshport-examples/checkout/tree/main/deploy',
          'kiali.io/namespace': 'shop',
          'jaegertracing.io/service': 'checkout.shop',
        }),
        ['prod'],
      ),
    ).toEqual({
      entityRef: 'component:default/checkout',
      workload: 'checkout',
      argocd: {
        appName: undefined,
        selector: {
          requirements: [
            { key: 'app.kubernetes.io/name', operator: '=', value: 'checkout' },
          ],
          text: 'app.kubernetes.io/name=checkout',
        },
        project: 'shop',
        appNamespace: undefined,
        instances: undefined,
      },
      namespaces: ['shop'],
      defaultNamespace: 'shop',
      jaegerService: 'checkout.shop',
      manifests: {
        type: 'url',
        target:
          'https://github.com/meshport-examples/checkout/tree/main/deploy',
        annotation: 'meshport.io/manifests',
      },
    });
  });

  it('falls back to kubernetes-id, then the entity name, for the workload', () => {
    expect(
      readEntityTargets(entity({ 'backstage.io/kubernetes-id': 'pay' }), [])
        .workload,
    ).toBe('pay');
    expect(readEntityTargets(entity({}, 'docs-site'), []).workload).toBe(
      'docs-site',
    );
  });

  it("reads the wizard's namespace list and local repository location", () => {
    const targets = readEntityTargets(
      entity({
        'argocd/app-selector': 'app.kubernetes.io/name=payments',
        'kiali.io/namespace': 'pay-dev,pay-staging,payments',
        'meshport.io/manifests': 'file:/srv/repos/payments/deploy',
      }),
      [],
    );
    expect(targets.namespaces).toEqual(['pay-dev', 'pay-staging', 'payments']);
    expect(targets.defaultNamespace).toBe('pay-dev');
    expect(targets.manifests).toEqual({
      type: 'file',
      target: '/srv/repos/payments/deploy',
      annotation: 'meshport.io/manifests',
    });
  });

  it('carries the catalog location and the annotation that named the manifests', () => {
    const source = entity({
      'backstage.io/source-location':
        'url:https://github.com/acme/checkout/tree/main/',
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/checkout/blob/main/catalog-info.yaml',
    });
    expect(readEntityTargets(source, []).manifests).toEqual({
      type: 'url',
      target: 'https://github.com/acme/checkout/tree/main/',
      annotation: 'backstage.io/source-location',
      catalogLocation:
        'url:https://github.com/acme/checkout/blob/main/catalog-info.yaml',
    });
  });

  const hostile: Array<[string, string]> = [
    ['kiali.io/namespace', 'shop,shop"}'],
    ['meshport.io/manifests', 'file:/srv/x\n'],
    ['argocd/app-selector', 'app=~"checkout.*"'],
    ['argocd/app-selector', 'app="checkout"'],
    ['argocd/app-selector', 'app=checkout}'],
    ['argocd/app-selector', 'app in (a,b'],
    ['argocd/app-selector', 'app=checkout\nfoo=bar'],
    ['argocd/app-selector', `app=${'a'.repeat(64)}`],
    ['argocd/app-selector', `app=${'a,'.repeat(600)}`],
    ['argocd/app-name', 'checkout"} or vector(1) #'],
    ['argocd/app-name', '../../settings'],
    ['argocd/project-name', 'shop{}'],
    ['argocd/app-namespace', 'argo cd'],
    ['argocd/instance-name', 'nowhere'],
    ['meshport.io/workload', 'checkout",destination_workload=~".*'],
    ['meshport.io/workload', 'Checkout'],
    ['meshport.io/workload', 'x'.repeat(64)],
    ['backstage.io/kubernetes-namespace', 'shop\n'],
    ['kiali.io/namespace', "shop'"],
    ['jaegertracing.io/service', 'checkout&service=x'],
    ['meshport.io/manifests', 'https://github.com/x'],
    ['meshport.io/manifests', 'url:file:///etc/passwd'],
  ];

  it.each(hostile)(
    'rejects %s = %j with an InputError naming the annotation',
    (key, value) => {
      const annotations: Record<string, string> = {
        'argocd/app-name': 'checkout-prod',
        [key]: value,
      };
      let error: unknown;
      try {
        readEntityTargets(entity(annotations), ['prod']);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain(`in annotation ${key}`);
      // The echoed value is escaped and short: no raw newline, never the full long value.
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message.length).toBeLessThan(400);
    },
  );
});

describe('label selectors', () => {
  it('parses and re-serialises every operator', () => {
    const parsed = parseLabelSelector(
      'app=checkout, tier != web,env in (dev, prod),!legacy,team',
    );
    expect(formatLabelSelector(parsed)).toBe(
      'app=checkout,tier!=web,env in (dev,prod),!legacy,team',
    );
    expect(
      matchesLabelSelector(parsed, { app: 'checkout', env: 'prod', team: 'a' }),
    ).toBe(true);
    expect(
      matchesLabelSelector(parsed, { app: 'checkout', env: 'qa', team: 'a' }),
    ).toBe(false);
    expect(
      matchesLabelSelector(parsed, {
        app: 'checkout',
        env: 'dev',
        team: 'a',
        legacy: 'y',
      }),
    ).toBe(false);
    expect(
      matchesLabelSelector(parsed, {
        app: 'checkout',
        env: 'dev',
        team: 'a',
        tier: 'web',
      }),
    ).toBe(false);
  });

  it('accepts == and notin', () => {
    const parsed = parseLabelSelector('app==checkout,env notin (prod)');
    expect(matchesLabelSelector(parsed, { app: 'checkout', env: 'dev' })).toBe(
      true,
    );
    expect(matchesLabelSelector(parsed, { app: 'checkout', env: 'prod' })).toBe(
      false,
    );
  });
});
