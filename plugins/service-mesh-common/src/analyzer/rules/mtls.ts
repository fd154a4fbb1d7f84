import { Finding } from '../../types';
import {
  destinationRuleTlsModes,
  effectivePeerAuthentication,
  fqdn,
  selectsLabels,
  serviceOfHost,
} from '../../istio';
import { KubeObject } from '../types';
import { ANALYZER_RULES } from './ids';
import {
  DEFAULT_NAMESPACE,
  destinationRules,
  nsOf,
  podsOf,
  ref,
  services,
} from './objects';

/** A DestinationRule must not disable TLS towards a workload whose PeerAuthentication is STRICT. */
export function checkDestinationRuleTls(objs: KubeObject[]): Finding[] {
  const pods = podsOf(objs);
  const strictFor = (namespace: string, labels: Record<string, string>) =>
    effectivePeerAuthentication(objs, { namespace, labels }, DEFAULT_NAMESPACE)
      .mode === 'STRICT';

  const findings: Finding[] = [];
  for (const dr of destinationRules(objs)) {
    if (!destinationRuleTlsModes(dr).some(t => t.mode === 'DISABLE')) continue;
    const host = fqdn(String(dr.spec?.host ?? ''), nsOf(dr));
    const target = serviceOfHost(host, nsOf(dr));
    const svc = services(objs).find(
      s => s.metadata.name === target.name && nsOf(s) === target.namespace,
    );
    const targets = svc
      ? pods.filter(
          p =>
            p.ns === target.namespace &&
            selectsLabels(svc.spec?.selector, p.labels),
        )
      : [];
    // Without the Service's pods in the manifests, judge by the namespace-wide policies.
    const strict =
      targets.length > 0
        ? targets.some(p => strictFor(p.ns, p.labels))
        : strictFor(target.namespace, {});
    if (strict) {
      findings.push({
        rule: ANALYZER_RULES.drTlsDisabledUnderStrict,
        severity: 'error',
        object: ref(dr),
        message: `TLS mode DISABLE towards ${host}, whose PeerAuthentication requires STRICT mTLS: its requests will be refused.`,
        fix: 'Set trafficPolicy.tls.mode to ISTIO_MUTUAL (or remove the tls block to use auto mTLS).',
      });
    }
  }
  return findings;
}
