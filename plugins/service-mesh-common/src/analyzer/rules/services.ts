import { Finding } from '../../types';
import { hasSelectorLabels, portProtocol, selectsLabels } from '../../istio';
import { KubeObject } from '../types';
import { ANALYZER_RULES } from './ids';
import { nsOf, podsOf, ref, services } from './objects';

/** Service ports must name their protocol (`http-`, `grpc-`, ...) or set `appProtocol`. */
export function checkServicePortProtocols(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const svc of services(objs)) {
    for (const port of svc.spec?.ports ?? []) {
      if (portProtocol(port) !== undefined) continue;
      const name = String(port.name ?? '');
      findings.push({
        rule: ANALYZER_RULES.servicePortProtocol,
        severity: 'warning',
        object: ref(svc),
        message: `Port ${port.port}${name ? ` (${name})` : ''} names no protocol: Istio treats its traffic as opaque TCP.`,
        fix: 'Name the port with a protocol prefix (http, http2, grpc, tcp, ...) or set appProtocol.',
      });
    }
  }
  return findings;
}

/** Every Service selector must select the pods of a workload in its namespace. */
export function checkServiceSelectors(objs: KubeObject[]): Finding[] {
  const pods = podsOf(objs);
  const findings: Finding[] = [];
  for (const svc of services(objs)) {
    const selector = svc.spec?.selector;
    if (!hasSelectorLabels(selector)) continue;
    if (
      !pods.some(p => p.ns === nsOf(svc) && selectsLabels(selector, p.labels))
    ) {
      const text = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      findings.push({
        rule: ANALYZER_RULES.serviceSelectorMismatch,
        severity: 'error',
        object: ref(svc),
        message: `The selector ${text} matches no pod template in namespace ${nsOf(svc)}.`,
        fix: 'Make spec.selector a subset of the Deployment pod template labels.',
      });
    }
  }
  return findings;
}
