/*
 * The sandbox's traffic: one fixed call graph of the example services, laid over every environment
 * where they run, with rates, errors and latencies taken from the callee's simulated signals so the
 * graph agrees with the golden signals. The stories: checkout's v2 canary calls payments in prod,
 * payments' 5xx burst shows on the edges into it, recommendations is called over plaintext (a batch
 * job outside the mesh, and partly by storefront), checkout calls catalog-api without declaring it.
 */
import {
  UNKNOWN_NODE_ID,
  type EdgeProtocol,
  type TopologyEdge,
} from '@meshport/plugin-service-mesh-common';
import {
  workloadKey,
  type EdgeSource,
  type ObservedEdges,
  type ObservedNode,
  type WorkloadTarget,
} from '../prometheus';
import { CANARY_WEIGHT, PARTIAL_MTLS_SHARE, signalsAt } from './simulation';
import type { SandboxDeployment, SandboxWorld } from './world';

/** One call of the simulated graph; `to` is a service, `db:<name>` (TCP) or `host:<name>` (external). */
interface Call {
  from: string;
  to: string;
  protocol: EdgeProtocol;
  /** Share of the callee's traffic that comes from this caller. */
  share: number;
}

/** The canary's workload next to a service with a canary profile (prod only). */
export const CANARY_SUFFIX = '-v2';

const CALLS: Call[] = [
  {
    from: 'istio-ingressgateway',
    to: 'storefront',
    protocol: 'http',
    share: 1,
  },
  { from: 'storefront', to: 'checkout', protocol: 'http', share: 1 },
  { from: 'storefront', to: 'catalog-api', protocol: 'http', share: 0.7 },
  { from: 'checkout', to: 'catalog-api', protocol: 'http', share: 0.3 },
  { from: 'storefront', to: 'recommendations', protocol: 'http', share: 0.8 },
  {
    from: UNKNOWN_NODE_ID,
    to: 'recommendations',
    protocol: 'http',
    share: 0.2,
  },
  { from: 'storefront', to: 'auth-service', protocol: 'grpc', share: 1 },
  { from: 'checkout', to: 'payments', protocol: 'http', share: 1 },
  { from: 'payments', to: 'db:payments-db', protocol: 'tcp', share: 1 },
  {
    from: 'payments',
    to: 'host:api.payment-provider.example',
    protocol: 'http',
    share: 1,
  },
];

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

  async meshEdges(
    namespaces: readonly string[],
    _windowSec: number,
    nowSec = Math.floor(Date.now() / 1000),
  ) {
    const wanted = new Set(namespaces);
    return merge(
      (await this.graph(nowSec)).map(g => {
        const inside = new Set(
          g.nodes
            .filter(n => n.namespace && wanted.has(n.namespace))
            .map(n => n.id),
        );
        return {
          nodes: g.nodes,
          edges: g.edges.filter(e => inside.has(e.target)),
        };
      }),
    );
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

function workloadNode(
  namespace: string,
  workload: string,
  app = workload,
): ObservedNode {
  return {
    id: `${namespace}/${workload}`,
    namespace,
    workload,
    app,
    external: false,
  };
}

/** Share of a call's traffic without mutual TLS: all of it from outside the mesh. */
function plaintextShare(
  call: Call,
  callee: SandboxDeployment | undefined,
): number {
  if (call.from === UNKNOWN_NODE_ID) return 1;
  return callee?.profile.partiallyMeshed ? 1 - PARTIAL_MTLS_SHARE : 0;
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
    const [kind, name] = call.to.includes(':')
      ? call.to.split(':')
      : ['svc', call.to];
    const calleeDeployment = kind === 'svc' ? bySvc.get(name) : undefined;
    const anchor = calleeDeployment ?? caller;
    if (!anchor || (kind === 'svc' && !calleeDeployment)) continue;
    if (
      call.from !== UNKNOWN_NODE_ID &&
      call.from !== 'istio-ingressgateway' &&
      !caller
    )
      continue;
    const signals = signalsAt(anchor, nowSec, nowSec);
    const rps = (signals.requestsPerSecond ?? 0) * call.share;
    const external = kind === 'host';
    const target = add(
      external
        ? { id: `external:${name}`, workload: name, external: true }
        : workloadNode(anchor.namespace, name),
    );
    const sources: Array<{ id: string; weight: number }> = [];
    if (call.from === UNKNOWN_NODE_ID) {
      sources.push({
        id: add({ id: UNKNOWN_NODE_ID, workload: 'unknown', external: true }),
        weight: 1,
      });
    } else if (call.from === 'istio-ingressgateway') {
      sources.push({
        id: add(
          workloadNode('istio-system', call.from, 'istio-ingressgateway'),
        ),
        weight: 1,
      });
    } else {
      const canary = caller!.profile.canary && caller!.environment === 'prod';
      const main = canary ? 1 - CANARY_WEIGHT / 100 : 1;
      sources.push({
        id: add(workloadNode(caller!.namespace, caller!.workload)),
        weight: main,
      });
      if (canary) {
        sources.push({
          id: add(
            workloadNode(
              caller!.namespace,
              `${caller!.workload}${CANARY_SUFFIX}`,
              caller!.workload,
            ),
          ),
          weight: CANARY_WEIGHT / 100,
        });
      }
    }
    const plain = plaintextShare(call, calleeDeployment);
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
        requestsPerSecond: round(
          call.protocol === 'tcp' ? 2 * source.weight : rps * source.weight,
        ),
        ...(call.protocol === 'tcp'
          ? { bytesPerSecond: round(48_000 * source.weight, 1) }
          : {}),
        errorRatio: tcp ? null : values.errorRatio,
        latencyP99Ms: tcp ? null : values.latencyP99Ms,
        mutualTlsShare: external ? null : round(1 - plain),
        plaintext: plain > 0,
      });
    }
  }
  return { nodes: [...nodes.values()], edges };
}
