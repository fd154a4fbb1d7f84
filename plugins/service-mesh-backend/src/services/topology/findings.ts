import { parseEntityRef } from '@backstage/catalog-model';
import {
  UNKNOWN_NODE_ID,
  type TopologyEdge,
  type TopologyFinding,
  type TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import type { ObservedNode } from '../prometheus';
import type { EntityIndex } from './nodes';
import type { DeclaredDependency } from './types';

const nameOf = (ref: string) => parseEntityRef(ref).name;
const percent = (share: number) => `${Math.round(share * 100)} %`;

/** What the comparison needs to know about the entity in one environment. */
export interface FindingsInput {
  entityRef: string;
  center: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  declared: DeclaredDependency[];
  /** Where the readable entities run. */
  index: EntityIndex;
  /** Destinations with traffic in the last 7 days; undefined when Prometheus could not say. */
  active?: ObservedNode[];
}

/** Outbound edges to an entity that the catalog does not declare. */
function undeclared(input: FindingsInput): TopologyFinding[] {
  const declared = new Set(input.declared.map(d => d.entityRef));
  const nodes = new Map(input.nodes.map(n => [n.id, n]));
  const seen = new Set<string>();
  const findings: TopologyFinding[] = [];
  for (const edge of input.edges) {
    if (edge.source !== input.center) continue;
    const ref = nodes.get(edge.target)?.entityRef;
    if (!ref || ref === input.entityRef || declared.has(ref) || seen.has(ref)) {
      continue;
    }
    seen.add(ref);
    findings.push({
      kind: 'undeclared-dependency',
      severity: 'warning',
      nodeId: edge.target,
      entityRef: ref,
      message: `${nameOf(input.entityRef)} calls ${nameOf(ref)} but does not declare it`,
      fix: `Add ${ref} to spec.dependsOn of ${input.entityRef}, or consume one of the APIs it provides`,
    });
  }
  return findings;
}

/** Declared dependencies (that run in the mesh) the workload sent no traffic to in 7 days. */
function unused(input: FindingsInput): TopologyFinding[] {
  if (!input.active) return [];
  const active = new Set(input.active.map(n => n.id));
  const activeWorkloads = new Set(input.active.map(n => n.workload));
  const findings: TopologyFinding[] = [];
  for (const dep of input.declared) {
    const ids = [...input.index]
      .filter(([, e]) => e.entityRef === dep.entityRef)
      .map(([id]) => id);
    if (ids.length === 0) continue; // not in the mesh (or not readable): traffic cannot tell
    const called = ids.some(
      id => active.has(id) || activeWorkloads.has(id.split('/')[1]),
    );
    if (called) continue;
    const how =
      dep.via.relation === 'dependsOn'
        ? 'in spec.dependsOn'
        : `through the API ${dep.via.api}`;
    findings.push({
      kind: 'declared-without-traffic',
      severity: 'info',
      entityRef: dep.entityRef,
      message: `${nameOf(input.entityRef)} declares ${nameOf(dep.entityRef)} (${how}) but sent it no traffic in 7 days`,
      fix: `Remove the declaration if ${dep.entityRef} is no longer used`,
    });
  }
  return findings;
}

/** Callers whose requests reach the workload without mutual TLS. */
function plaintextCallers(input: FindingsInput): TopologyFinding[] {
  const nodes = new Map(input.nodes.map(n => [n.id, n]));
  return input.edges
    .filter(e => e.target === input.center && e.plaintext)
    .map(edge => {
      const caller = nodes.get(edge.source);
      const share =
        edge.mutualTlsShare === null
          ? ''
          : ` (${percent(1 - edge.mutualTlsShare)} of its ${edge.protocol === 'tcp' ? 'bytes' : 'requests'})`;
      const outside = edge.source === UNKNOWN_NODE_ID;
      return {
        kind: 'plaintext-caller' as const,
        severity: 'warning' as const,
        nodeId: edge.source,
        ...(caller?.entityRef ? { entityRef: caller.entityRef } : {}),
        message: outside
          ? `${nameOf(input.entityRef)} is called over plaintext from outside the mesh (unknown source)${share}`
          : `${nameOf(input.entityRef)} is called over plaintext by ${caller?.entityRef ? nameOf(caller.entityRef) : edge.source}${share}`,
        fix: outside
          ? 'Route outside callers through an ingress gateway, then set the PeerAuthentication to STRICT'
          : `Inject the Istio sidecar into ${edge.source} (or fix a DestinationRule that disables TLS), then set the PeerAuthentication to STRICT`,
      };
    });
}

/** Declared vs observed: undeclared calls, unused declarations, plaintext callers. */
export function topologyFindings(input: FindingsInput): TopologyFinding[] {
  return [...undeclared(input), ...unused(input), ...plaintextCallers(input)];
}
