import { Finding } from '../../types';
import { fqdn, hostMatches, isKind } from '../../istio';
import { KubeObject } from '../types';
import { ANALYZER_RULES } from './ids';
import { destinationRules, nsOf, ref, virtualServices } from './objects';

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
    isKind(o, 'networking.istio.io', 'Gateway'),
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
