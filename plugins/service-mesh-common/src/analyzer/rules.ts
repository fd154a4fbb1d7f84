import { Finding } from '../types';
import { KubeObject } from './types';

/** The rules of the manifest analyzer, by id. */
export const ANALYZER_RULES = {
  vsSubsetUndefined: 'vs-subset-undefined',
  vsWeightsSum: 'vs-weights-sum',
  vsGatewayUndefined: 'vs-gateway-undefined',
  vsGatewayHostMismatch: 'vs-gateway-host-mismatch',
  drTlsDisabledUnderStrict: 'dr-tls-disabled-under-strict',
  servicePortProtocol: 'service-port-protocol',
  podMissingLabels: 'pod-missing-labels',
  sidecarInjectionDisabled: 'sidecar-injection-disabled',
  serviceSelectorMismatch: 'service-selector-mismatch',
  nameTooLong: 'name-too-long',
} as const;

/** Istio's root namespace, where a PeerAuthentication applies mesh-wide. */
const ISTIO_ROOT_NAMESPACE = 'istio-system';
const DEFAULT_NAMESPACE = 'default';
/** Port name prefixes from which Istio derives the protocol (explicit protocol selection). */
const PROTOCOL_PREFIXES = [
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'mongo',
  'mysql',
  'redis',
  'tcp',
  'tls',
  'udp',
];
/** Pod controllers whose pod template the analyzer reads. */
const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
]);
/** Kinds whose names must be DNS-1123 labels (63 characters). */
const LABEL_NAMED_KINDS = new Set(['Service', 'Namespace']);

const ref = (o: KubeObject): Finding['object'] => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
});

const nsOf = (o: KubeObject) => o.metadata.namespace ?? DEFAULT_NAMESPACE;
const isIstio = (o: KubeObject, group: string, kind: string) =>
  o.kind === kind && o.apiVersion.startsWith(`${group}/`);
const virtualServices = (objs: KubeObject[]) =>
  objs.filter(o => isIstio(o, 'networking.istio.io', 'VirtualService'));
const destinationRules = (objs: KubeObject[]) =>
  objs.filter(o => isIstio(o, 'networking.istio.io', 'DestinationRule'));
const workloads = (objs: KubeObject[]) =>
  objs.filter(
    o =>
      WORKLOAD_KINDS.has(o.kind) &&
      (o.apiVersion.startsWith('apps/') || o.apiVersion.startsWith('batch/')),
  );

/** Expands a short service host (`checkout`) to its FQDN, as Istio does relative to the rule's namespace. */
export function fqdn(host: string, namespace: string): string {
  if (host.includes('*') || host.includes('.')) {
    return host.endsWith('.svc') ? `${host}.cluster.local` : host;
  }
  return `${host}.${namespace}.svc.cluster.local`;
}

/** True when a (possibly wildcard) gateway host serves the given virtual-service host. */
export function hostMatches(gatewayHost: string, vsHost: string): boolean {
  const bare = gatewayHost.includes('/')
    ? gatewayHost.split('/')[1]
    : gatewayHost;
  if (bare === '*') return true;
  if (bare.startsWith('*.')) {
    const suffix = bare.slice(1);
    return vsHost.endsWith(suffix) || vsHost === bare;
  }
  return bare === vsHost;
}

type Route = {
  destination?: { host?: string; subset?: string };
  weight?: number;
};
type RouteBlock = { route?: Route[] };

function routeBlocks(
  vs: KubeObject,
): Array<{ protocol: string; index: number; block: RouteBlock }> {
  const out: Array<{ protocol: string; index: number; block: RouteBlock }> = [];
  for (const protocol of ['http', 'tcp', 'tls']) {
    const blocks: RouteBlock[] = Array.isArray(vs.spec?.[protocol])
      ? vs.spec[protocol]
      : [];
    blocks.forEach((block, index) => out.push({ protocol, index, block }));
  }
  return out;
}

function podTemplate(o: KubeObject): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const meta = o.spec?.template?.metadata ?? {};
  return { labels: meta.labels ?? {}, annotations: meta.annotations ?? {} };
}

/** Every subset a VirtualService routes to must be defined by a DestinationRule for that host. */
export function checkVirtualServiceSubsets(objs: KubeObject[]): Finding[] {
  const defined = new Map<string, Set<string>>();
  for (const dr of destinationRules(objs)) {
    const host = fqdn(String(dr.spec?.host ?? ''), nsOf(dr));
    const names = defined.get(host) ?? new Set<string>();
    for (const subset of dr.spec?.subsets ?? []) names.add(subset.name);
    defined.set(host, names);
  }
  const findings: Finding[] = [];
  for (const vs of virtualServices(objs)) {
    for (const { protocol, index, block } of routeBlocks(vs)) {
      for (const route of block.route ?? []) {
        const subset = route.destination?.subset;
        if (!subset) continue;
        const host = fqdn(String(route.destination?.host ?? ''), nsOf(vs));
        if (!defined.get(host)?.has(subset)) {
          findings.push({
            rule: ANALYZER_RULES.vsSubsetUndefined,
            severity: 'error',
            object: ref(vs),
            message: `${protocol}[${index}] routes to subset "${subset}" of ${host}, which no DestinationRule defines.`,
            fix: `Add a subset named "${subset}" to the DestinationRule for ${host}, or route without the subset.`,
          });
        }
      }
    }
  }
  return findings;
}

/** Route weights of a multi-destination route must sum to 100. */
export function checkVirtualServiceWeights(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const vs of virtualServices(objs)) {
    for (const { protocol, index, block } of routeBlocks(vs)) {
      const routes = block.route ?? [];
      if (routes.length < 2 && routes.every(r => r.weight === undefined))
        continue;
      const sum = routes.reduce((acc, r) => acc + (r.weight ?? 0), 0);
      if (routes.length === 1 && routes[0].weight === 100) continue;
      if (sum !== 100) {
        findings.push({
          rule: ANALYZER_RULES.vsWeightsSum,
          severity: 'error',
          object: ref(vs),
          message: `${protocol}[${index}] route weights sum to ${sum}, not 100.`,
          fix: 'Set the weights of the destinations of this route so that they add up to 100.',
        });
      }
    }
  }
  return findings;
}

/** A VirtualService bound to Gateways: each Gateway exists and serves every host of the VirtualService. */
export function checkVirtualServiceGatewayHosts(objs: KubeObject[]): Finding[] {
  const gateways = new Map<string, KubeObject>();
  for (const gw of objs.filter(o =>
    isIstio(o, 'networking.istio.io', 'Gateway'),
  )) {
    gateways.set(`${nsOf(gw)}/${gw.metadata.name}`, gw);
  }
  const findings: Finding[] = [];
  for (const vs of virtualServices(objs)) {
    const bound: string[] = (vs.spec?.gateways ?? []).filter(
      (g: string) => g !== 'mesh',
    );
    for (const name of bound) {
      const key = name.includes('/') ? name : `${nsOf(vs)}/${name}`;
      const gw = gateways.get(key);
      if (!gw) {
        findings.push({
          rule: ANALYZER_RULES.vsGatewayUndefined,
          severity: 'error',
          object: ref(vs),
          message: `Gateway ${key} is referenced but not defined.`,
          fix: `Add a Gateway named ${key.split('/')[1]} in namespace ${key.split('/')[0]}, or remove it from spec.gateways.`,
        });
        continue;
      }
      const served: string[] = (gw.spec?.servers ?? []).flatMap(
        (s: any) => s.hosts ?? [],
      );
      for (const host of vs.spec?.hosts ?? []) {
        if (!served.some(g => hostMatches(g, host))) {
          findings.push({
            rule: ANALYZER_RULES.vsGatewayHostMismatch,
            severity: 'error',
            object: ref(vs),
            message: `Host ${host} is not served by Gateway ${key} (it serves ${served.join(', ') || 'no host'}).`,
            fix: `Add ${host} to a server of Gateway ${key}, or remove it from the VirtualService hosts.`,
          });
        }
      }
    }
  }
  return findings;
}

function matchesSelector(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
) {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** A DestinationRule must not disable TLS towards a workload whose PeerAuthentication is STRICT. */
export function checkDestinationRuleTls(objs: KubeObject[]): Finding[] {
  const peerAuths = objs.filter(o =>
    isIstio(o, 'security.istio.io', 'PeerAuthentication'),
  );
  const pods = workloads(objs).map(w => ({
    ns: nsOf(w),
    labels: podTemplate(w).labels,
  }));
  const services = objs.filter(
    o => o.kind === 'Service' && o.apiVersion === 'v1',
  );

  // The effective mode for a namespace and pod labels: workload policy, then namespace, then mesh-wide.
  const modeFor = (
    ns: string,
    labels: Record<string, string>,
  ): string | undefined => {
    const inNs = peerAuths.filter(p => nsOf(p) === ns);
    const workload = inNs.find(p =>
      matchesSelector(p.spec?.selector?.matchLabels, labels),
    );
    const namespaceWide = inNs.find(p => !p.spec?.selector);
    const meshWide = peerAuths.find(
      p => nsOf(p) === ISTIO_ROOT_NAMESPACE && !p.spec?.selector,
    );
    for (const policy of [workload, namespaceWide, meshWide]) {
      const mode = policy?.spec?.mtls?.mode;
      if (mode && mode !== 'UNSET') return mode;
    }
    return undefined;
  };

  const findings: Finding[] = [];
  for (const dr of destinationRules(objs)) {
    const modes: string[] = [dr.spec?.trafficPolicy?.tls?.mode];
    for (const pl of dr.spec?.trafficPolicy?.portLevelSettings ?? [])
      modes.push(pl.tls?.mode);
    for (const s of dr.spec?.subsets ?? [])
      modes.push(s.trafficPolicy?.tls?.mode);
    if (!modes.includes('DISABLE')) continue;
    const host = fqdn(String(dr.spec?.host ?? ''), nsOf(dr));
    const [svcName, svcNs] = host.split('.');
    const svc = services.find(
      s => s.metadata.name === svcName && nsOf(s) === svcNs,
    );
    const targets = svc
      ? pods.filter(
          p => p.ns === svcNs && matchesSelector(svc.spec?.selector, p.labels),
        )
      : [];
    const strict =
      targets.length > 0
        ? targets.some(p => modeFor(p.ns, p.labels) === 'STRICT')
        : modeFor(svcNs, {}) === 'STRICT';
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

/** Service ports must name their protocol (`http-`, `grpc-`, ...) or set `appProtocol`. */
export function checkServicePortProtocols(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const svc of objs.filter(
    o => o.kind === 'Service' && o.apiVersion === 'v1',
  )) {
    for (const port of svc.spec?.ports ?? []) {
      const name = String(port.name ?? '');
      const named = PROTOCOL_PREFIXES.some(
        p => name === p || name.startsWith(`${p}-`),
      );
      if (!named && !port.appProtocol) {
        findings.push({
          rule: ANALYZER_RULES.servicePortProtocol,
          severity: 'warning',
          object: ref(svc),
          message: `Port ${port.port}${name ? ` (${name})` : ''} names no protocol: Istio treats its traffic as opaque TCP.`,
          fix: 'Name the port with a protocol prefix (http, http2, grpc, tcp, ...) or set appProtocol.',
        });
      }
    }
  }
  return findings;
}

/** Pod templates must carry `app` and `version` labels (Istio telemetry, Kiali, subsets). */
export function checkPodLabels(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const w of workloads(objs)) {
    const { labels } = podTemplate(w);
    const missing = ['app', 'version'].filter(l => !labels[l]);
    if (missing.length > 0) {
      findings.push({
        rule: ANALYZER_RULES.podMissingLabels,
        severity: 'warning',
        object: ref(w),
        message: `The pod template has no ${missing.join(' or ')} label.`,
        fix: `Add ${missing.map(l => `"${l}"`).join(' and ')} to spec.template.metadata.labels.`,
      });
    }
  }
  return findings;
}

/** Namespaces enable sidecar injection and pods do not opt out of it. */
export function checkSidecarInjection(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const ns of objs.filter(o => o.kind === 'Namespace')) {
    const labels = ns.metadata.labels ?? {};
    const enabled =
      labels['istio-injection'] === 'enabled' ||
      (Boolean(labels['istio.io/rev']) &&
        labels['istio-injection'] !== 'disabled');
    if (!enabled) {
      findings.push({
        rule: ANALYZER_RULES.sidecarInjectionDisabled,
        severity: 'error',
        object: ref(ns),
        message: `Namespace ${ns.metadata.name} does not enable sidecar injection: its pods run outside the mesh.`,
        fix: `Label the namespace istio-injection=enabled (kubectl label namespace ${ns.metadata.name} istio-injection=enabled).`,
      });
    }
  }
  for (const w of workloads(objs)) {
    const { labels, annotations } = podTemplate(w);
    const optOut =
      labels['sidecar.istio.io/inject'] ??
      annotations['sidecar.istio.io/inject'];
    if (optOut === 'false') {
      findings.push({
        rule: ANALYZER_RULES.sidecarInjectionDisabled,
        severity: 'error',
        object: ref(w),
        message:
          'The pod template opts out of sidecar injection (sidecar.istio.io/inject: "false").',
        fix: 'Remove sidecar.istio.io/inject from the pod template.',
      });
    }
  }
  return findings;
}

/** Every Service selector must select the pods of a workload in its namespace. */
export function checkServiceSelectors(objs: KubeObject[]): Finding[] {
  const pods = workloads(objs).map(w => ({
    ns: nsOf(w),
    labels: podTemplate(w).labels,
  }));
  const findings: Finding[] = [];
  for (const svc of objs.filter(
    o => o.kind === 'Service' && o.apiVersion === 'v1',
  )) {
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) continue;
    if (
      !pods.some(p => p.ns === nsOf(svc) && matchesSelector(selector, p.labels))
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

/** Names and label values stay within Kubernetes length limits. */
export function checkNameLengths(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const o of objs) {
    const limit = LABEL_NAMED_KINDS.has(o.kind) ? 63 : 253;
    if (o.metadata.name.length > limit) {
      findings.push({
        rule: ANALYZER_RULES.nameTooLong,
        severity: 'error',
        object: ref(o),
        message: `The name is ${o.metadata.name.length} characters long; a ${o.kind} name may have at most ${limit}.`,
        fix: 'Shorten the service name from which this name is derived.',
      });
    }
    const labelSets = [o.metadata.labels ?? {}];
    if (WORKLOAD_KINDS.has(o.kind)) labelSets.push(podTemplate(o).labels);
    for (const [key, value] of labelSets.flatMap(l => Object.entries(l))) {
      if (String(value).length > 63) {
        findings.push({
          rule: ANALYZER_RULES.nameTooLong,
          severity: 'error',
          object: ref(o),
          message: `Label ${key} has a value of ${String(value).length} characters; label values may have at most 63.`,
          fix: `Shorten the value of label ${key}.`,
        });
      }
    }
  }
  return findings;
}
