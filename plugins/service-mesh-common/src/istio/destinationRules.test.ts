import type { KubeObject } from '../analyzer/types';
import {
  destinationRulesForService,
  destinationRuleService,
  destinationRuleTlsModes,
} from './destinationRules';

const rule = (
  name: string,
  namespace: string | undefined,
  spec: any,
): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec,
});

describe('destinationRuleTlsModes', () => {
  it('lists the rule-wide, per-port and per-subset modes in that order', () => {
    const dr = rule('checkout', 'shop', {
      host: 'checkout',
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        portLevelSettings: [
          { port: { number: 80 }, tls: { mode: 'DISABLE' } },
          { port: { number: 81 } },
        ],
      },
      subsets: [
        { name: 'v1', trafficPolicy: { tls: { mode: 'SIMPLE' } } },
        { name: 'v2' },
      ],
    });
    expect(destinationRuleTlsModes(dr)).toEqual([
      { level: 'rule', mode: 'ISTIO_MUTUAL' },
      { level: 'port', mode: 'DISABLE' },
      { level: 'subset', mode: 'SIMPLE' },
    ]);
  });

  it('is empty for a rule that sets no TLS', () => {
    expect(destinationRuleTlsModes(rule('a', 'shop', { host: 'a' }))).toEqual(
      [],
    );
  });
});

describe('destinationRuleService', () => {
  it('reads a short host relative to the rule namespace, else the default', () => {
    expect(
      destinationRuleService(rule('a', 'shop', { host: 'checkout' }), 'x'),
    ).toEqual({ name: 'checkout', namespace: 'shop' });
    expect(
      destinationRuleService(
        rule('a', undefined, { host: 'checkout' }),
        'prod',
      ),
    ).toEqual({ name: 'checkout', namespace: 'prod' });
    expect(
      destinationRuleService(
        rule('a', 'shop', { host: 'payments.billing.svc.cluster.local' }),
        'x',
      ),
    ).toEqual({ name: 'payments', namespace: 'billing' });
  });
});

describe('destinationRulesForService', () => {
  it('finds the rules whose host names the Service, in whatever form', () => {
    const short = rule('short', undefined, { host: 'checkout' });
    const full = rule('full', 'mesh', {
      host: 'checkout.shop.svc.cluster.local',
    });
    const dotted = rule('dotted', 'mesh', { host: 'checkout.shop' });
    const otherNamespace = rule('other-ns', 'billing', { host: 'checkout' });
    const otherService = rule('other-svc', 'shop', { host: 'payments' });
    const virtualService = { ...short, kind: 'VirtualService' };
    expect(
      destinationRulesForService(
        [short, full, dotted, otherNamespace, otherService, virtualService],
        { name: 'checkout', namespace: 'shop' },
        'shop',
      ).map(o => o.metadata.name),
    ).toEqual(['short', 'full', 'dotted']);
  });
});
