import { Finding } from '../../types';
import { gatewayPodNamespaces, hostMatches, isKind } from '../../istio';
import { KubeObject } from '../types';
import { ANALYZER_RULES } from './ids';
import { DEFAULT_NAMESPACE, nsOf, ref } from './objects';

type Server = {
  port?: { number?: number };
  hosts?: string[];
  tls?: { credentialName?: string };
};

const istioGateways = (objs: KubeObject[]) =>
  objs.filter(o => isKind(o, 'networking.istio.io', 'Gateway'));

const serversOf = (gateway: KubeObject): Server[] =>
  Array.isArray(gateway.spec?.servers) ? gateway.spec.servers : [];

/** The objects that hold or create the secret `name`: Secrets of that name, Certificates writing it. */
function credentialSources(objs: KubeObject[], name: string) {
  return objs.filter(
    o =>
      (o.kind === 'Secret' &&
        o.apiVersion === 'v1' &&
        o.metadata.name === name) ||
      (isKind(o, 'cert-manager.io', 'Certificate') &&
        o.spec?.secretName === name),
  );
}

/**
 * A Gateway's `credentialName` must be in the namespace of the gateway's pods: Istio reads it there.
 * Reported when the objects hold the Secret or its Certificate, none of them in that namespace.
 */
export function checkGatewayCredentials(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const gw of istioGateways(objs)) {
    const podNamespaces = gatewayPodNamespaces(gw, objs, DEFAULT_NAMESPACE);
    if (podNamespaces.length === 0) continue;
    serversOf(gw).forEach((server, index) => {
      const name = server.tls?.credentialName;
      if (!name) return;
      const sources = credentialSources(objs, name);
      if (
        sources.length === 0 ||
        sources.some(s => podNamespaces.includes(nsOf(s)))
      )
        return;
      const source = sources[0];
      const pods = podNamespaces.join(', ');
      findings.push({
        rule: ANALYZER_RULES.gatewayCredentialNamespace,
        severity: 'error',
        object: ref(gw),
        message: `servers[${index}] names credentialName "${name}", which ${source.kind} ${source.metadata.name} creates in namespace ${nsOf(source)}; Istio reads it from ${pods}, where the pods of this Gateway run, so the gateway has no certificate for HTTPS.`,
        fix: `Create the ${source.kind === 'Secret' ? 'Secret' : 'Certificate (or Secret)'} ${source.metadata.name} in ${pods}, or use the Kubernetes Gateway API (gatewayClassName: istio), whose gateway runs next to its certificate.`,
      });
    });
  }
  return findings;
}

const selectorText = (selector: Record<string, string>) =>
  Object.entries(selector)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

const overlaps = (a: string, b: string) =>
  hostMatches(a, b) || hostMatches(b, a);

/**
 * Two Gateways selecting the same pods must not serve the same host on the same port (istioctl
 * IST0145): Istio uses one of them, so one environment's traffic can reach another's service.
 */
export function checkConflictingGateways(objs: KubeObject[]): Finding[] {
  const entries = istioGateways(objs).flatMap(gw =>
    serversOf(gw).flatMap(server =>
      (server.hosts ?? []).map(host => ({
        gw,
        key: `${nsOf(gw)}/${gw.metadata.name}`,
        pods: selectorText(gw.spec?.selector ?? {}),
        port: server.port?.number,
        host,
      })),
    ),
  );
  const findings: Finding[] = [];
  const reported = new Set<string>();
  entries.forEach((b, j) => {
    const a = entries
      .slice(0, j)
      .find(
        e =>
          e.key !== b.key &&
          e.pods === b.pods &&
          e.port === b.port &&
          overlaps(e.host, b.host),
      );
    if (!a || reported.has(`${a.key} ${b.key}`)) return;
    reported.add(`${a.key} ${b.key}`);
    findings.push({
      rule: ANALYZER_RULES.gatewayConflict,
      severity: 'error',
      object: ref(b.gw),
      message: `Gateway ${b.key} serves ${b.host} on port ${b.port} of the pods selected by ${b.pods}, as Gateway ${a.key} does for ${a.host}: Istio keeps only one of them, so traffic for one may reach the other.`,
      fix: 'Give each environment its own host (such as checkout-dev.example.com for checkout.example.com), or select different gateway pods.',
    });
  });
  return findings;
}
