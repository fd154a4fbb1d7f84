/*
 * The sandbox's traffic: the call graph (calls.ts) laid over every environment where its services run,
 * with rates, errors and latencies taken from the callee's simulated signals so the graph agrees with
 * the golden signals. Checkout's v2 canary calls payments in prod, and payments' 5xx burst shows on the
 * edges into it.
 */
import type { TopologyEdge } from '@meshport/plugin-service-mesh-common';
import {
  workloadKey,
  type EdgeSource,
  type ObservedEdges,
  type ObservedNode,
  type WorkloadTarget,
} from '../prometheus';
import { CALLS, OUTSIDERS, plaintextShare, workloadNode } from './calls';
import { CANARY_WEIGHT, signalsAt } from './simulation';
import type { SandboxDeployment, SandboxWorld } from './world';

/** The canary's workload next to a service with a canary profile (prod only). */
export const CANARY_SUFFIX = '-v2';

const round = (value: number, digits = 4) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** Simulated edges in place of Prometheus' Istio metrics. */
export class SandboxEdges implements EdgeSource {
  constructor(private readonly world: SandboxWorld) {}

  /** The call graph of every environment. */
  private async graph(nowSec: number): Promise<ObservedEdges[]> {
    const all = await this.world.deployments();
    const byEnvironment = new Map<string, SandboxDeployment[]>();
    for (const d of all) {
      byEnvironment.set(d.environment, [
        ...(byEnvironment.get(d.environment) ?? []),
        d,
      ]);
    }
    return [...byEnvironment.values()].map(ds => environmentGraph(ds, nowSec));
  }

  async workloadEdges(
    target: WorkloadTarget,
    _windowSec: number,
    nowSec = Math.floor(Date.now() / 1000),
  ) {
    const id = workloadKey(target);
    return merge(
      (await this.graph(nowSec)).map(g => ({
        nodes: g.nodes,
        edges: g.edges.filter(e => e.source === id || e.target === id),
      })),
    );
  }

  async meshEdges(_windowSec: number, nowSec = Math.floor(Date.now() / 1000)) {
    return merge(await this.graph(nowSec));
  }

  async activeDestinations(
    target: WorkloadTarget,
    windowSec: number,
    nowSec = Math.floor(Date.now() / 1000),
  ) {
    const { nodes, edges } = await this.workloadEdges(
      target,
      windowSec,
      nowSec,
    );
    const id = workloadKey(target);
    const targets = new Set(
      edges.filter(e => e.source === id).map(e => e.target),
    );
    return nodes.filter(n => targets.has(n.id));
  }
}

/** Joins graphs, keeping only the nodes their edges touch. */
function merge(graphs: ObservedEdges[]): ObservedEdges {
  const edges = graphs.flatMap(g => g.edges);
  const used = new Set(edges.flatMap(e => [e.source, e.target]));
  const nodes = new Map<string, ObservedNode>();
  for (const n of graphs.flatMap(g => g.nodes))
    if (used.has(n.id)) nodes.set(n.id, n);
  return {
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges,
  };
}

/** The call graph of one environment. */
function environmentGraph(
  deployments: SandboxDeployment[],
  nowSec: number,
): ObservedEdges {
  const bySvc = new Map(deployments.map(d => [d.workload, d]));
  const nodes = new Map<string, ObservedNode>();
  const edges: TopologyEdge[] = [];
  const add = (n: ObservedNode) => {
    nodes.set(n.id, n);
    return n.id;
  };
  for (const call of CALLS) {
    const caller = bySvc.get(call.from);
    const outsider = OUTSIDERS[call.from];
    const [kind, name] = call.to.includes(':')
      ? call.to.split(':')
      : ['svc', call.to];
    const calleeDeployment = kind === 'svc' ? bySvc.get(name) : undefined;
    const anchor = calleeDeployment ?? caller;
    if (!anchor || (kind === 'svc' && !calleeDeployment)) continue;
    if (!outsider && !caller) continue;
    const signals = signalsAt(anchor, nowSec, nowSec);
    const rps = (signals.requestsPerSecond ?? 0) * call.share;
    const external = kind === 'host';
    const target = add(
      external
        ? { id: `external:${name}`, workload: name, external: true }
        : workloadNode(anchor.namespace, name),
    );
    const sources = outsider
      ? [{ id: add(outsider(anchor.namespace)), weight: 1 }]
      : callerSources(caller!, add);
    const plain = plaintextShare(call, calleeDeployment?.profile);
    // A host outside the mesh answers on its own terms, whatever the callee's story.
    const values = external
      ? { errorRatio: 0.001, latencyP99Ms: 180 }
      : signals;
    const tcp = call.protocol === 'tcp';
    for (const source of sources) {
      edges.push({
        source: source.id,
        target,
        protocol: call.protocol,
        requestsPerSecond: round(tcp ? 2 * source.weight : rps * source.weight),
        ...(tcp ? { bytesPerSecond: round(48_000 * source.weight, 1) } : {}),
        errorRatio: tcp ? null : values.errorRatio,
        latencyP99Ms: tcp ? null : values.latencyP99Ms,
        mutualTlsShare: external ? null : round(1 - plain),
        plaintext: plain > 0,
      });
    }
  }
  return { nodes: [...nodes.values()], edges };
}

/** A service's workloads as callers, with their part of its calls: v1 and v2 while a canary runs. */
function callerSources(
  caller: SandboxDeployment,
  add: (n: ObservedNode) => string,
): Array<{ id: string; weight: number }> {
  const main = add(workloadNode(caller.namespace, caller.workload));
  if (!caller.profile.canary || caller.environment !== 'prod') {
    return [{ id: main, weight: 1 }];
  }
  const canary = add(
    workloadNode(
      caller.namespace,
      `${caller.workload}${CANARY_SUFFIX}`,
      caller.workload,
    ),
  );
  return [
    { id: main, weight: 1 - CANARY_WEIGHT / 100 },
    { id: canary, weight: CANARY_WEIGHT / 100 },
  ];
}
