import type { KubeObject } from '../analyzer/types';
import { serviceOfHost } from './hosts';
import { isKind, namespaceOf } from './objects';

/** One client TLS mode a DestinationRule sets, and for which traffic. */
export interface DestinationRuleTlsMode {
  /** `rule`: the rule-wide `trafficPolicy`; `port`: a `portLevelSettings` entry; `subset`: a subset's policy. */
  level: 'rule' | 'port' | 'subset';
  /** `DISABLE`, `SIMPLE`, `MUTUAL` or `ISTIO_MUTUAL`. */
  mode: string;
}

/** True when the object is an Istio DestinationRule. */
export function isDestinationRule(object: KubeObject): boolean {
  return isKind(object, 'networking.istio.io', 'DestinationRule');
}

/** Every client TLS mode a DestinationRule sets: rule-wide, then per port, then per subset. */
export function destinationRuleTlsModes(
  rule: KubeObject,
): DestinationRuleTlsMode[] {
  const policy = rule.spec?.trafficPolicy;
  const modes: DestinationRuleTlsMode[] = [];
  const add = (level: DestinationRuleTlsMode['level'], mode: unknown) => {
    if (typeof mode === 'string') modes.push({ level, mode });
  };
  add('rule', policy?.tls?.mode);
  for (const port of policy?.portLevelSettings ?? [])
    add('port', port?.tls?.mode);
  for (const subset of rule.spec?.subsets ?? [])
    add('subset', subset?.trafficPolicy?.tls?.mode);
  return modes;
}

/**
 * The Service a DestinationRule's host names; a short host is relative to the rule's namespace, which
 * is `defaultNamespace` when the rule has none.
 */
export function destinationRuleService(
  rule: KubeObject,
  defaultNamespace: string,
): { name: string; namespace: string } {
  return serviceOfHost(
    String(rule.spec?.host ?? ''),
    namespaceOf(rule, defaultNamespace),
  );
}

/** The DestinationRules whose host names the Service `name` in `namespace`. */
export function destinationRulesForService(
  objects: KubeObject[],
  service: { name: string; namespace: string },
  defaultNamespace: string,
): KubeObject[] {
  return objects.filter(o => {
    if (!isDestinationRule(o)) return false;
    const named = destinationRuleService(o, defaultNamespace);
    return named.name === service.name && named.namespace === service.namespace;
  });
}
