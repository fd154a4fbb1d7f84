/*
 * The sandbox's call graph: who calls whom among the example services, and how much of each call is
 * plaintext. The simulated edges (Prometheus' per-edge metrics), the observed mTLS share of each
 * service (Prometheus' per-workload metric) and its manifests in Git all read it from here, so they
 * agree. The stories: recommendations is called over plaintext (a batch job outside the mesh, and
 * partly by storefront: one of its pods has no sidecar); checkout is called over plaintext by the
 * order-export job, whose DestinationRule for checkout still disables TLS (checkout's workload
 * PeerAuthentication is PERMISSIVE until it is fixed); checkout calls catalog-api without declaring it.
 */
import {
  UNKNOWN_NODE_ID,
  type EdgeProtocol,
} from '@meshport/plugin-service-mesh-common';
import type { ObservedNode } from '../prometheus';
import type { SandboxDeployment, SandboxProfile } from './world';

/** One call of the simulated graph; `to` is a service, `db:<name>` (TCP) or `host:<name>` (external). */
export interface Call {
  /** A service of the world, or one of the {@link OUTSIDERS}. */
  from: string;
  to: string;
  protocol: EdgeProtocol;
  /** Share of the callee's traffic that comes from this caller (the shares into a service add up to 1). */
  share: number;
  /** The caller sends plaintext: it has no sidecar, or its DestinationRule disables TLS. */
  plaintext?: true;
}

/** Share of a meshed caller's requests into the partly meshed service that reach a pod with a sidecar. */
export const PARTIAL_MTLS_SHARE = 0.62;

/** A node of a workload in the mesh. */
export function workloadNode(
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

/** Callers that are no catalog entity: their node, given the namespace of what they call. */
export const OUTSIDERS: Record<
  string,
  (calleeNamespace: string) => ObservedNode
> = {
  [UNKNOWN_NODE_ID]: () => ({
    id: UNKNOWN_NODE_ID,
    workload: 'unknown',
    external: true,
  }),
  'istio-ingressgateway': () =>
    workloadNode('istio-system', 'istio-ingressgateway'),
  'order-export': namespace => workloadNode(namespace, 'order-export'),
};

export const CALLS: readonly Call[] = [
  {
    from: 'istio-ingressgateway',
    to: 'storefront',
    protocol: 'http',
    share: 1,
  },
  { from: 'storefront', to: 'checkout', protocol: 'http', share: 0.95 },
  {
    from: 'order-export',
    to: 'checkout',
    protocol: 'http',
    share: 0.05,
    plaintext: true,
  },
  { from: 'storefront', to: 'catalog-api', protocol: 'http', share: 0.7 },
  { from: 'checkout', to: 'catalog-api', protocol: 'http', share: 0.3 },
  { from: 'storefront', to: 'recommendations', protocol: 'http', share: 0.8 },
  {
    from: UNKNOWN_NODE_ID,
    to: 'recommendations',
    protocol: 'http',
    share: 0.2,
    plaintext: true,
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

/** Share of a call's requests without mutual TLS. */
export function plaintextShare(
  call: Call,
  callee: SandboxProfile | undefined,
): number {
  if (call.plaintext) return 1;
  return callee?.partiallyMeshed ? 1 - PARTIAL_MTLS_SHARE : 0;
}

/** Whether a service has a caller that sends only plaintext (its PeerAuthentication must accept it). */
export function hasPlaintextCaller(service: string): boolean {
  return CALLS.some(c => c.to === service && c.plaintext);
}

/**
 * The mutual-TLS share of a deployment's inbound requests: each caller's share of its traffic that is
 * mutual TLS. A service nobody in the graph calls (one the wizard made) gets only meshed traffic.
 */
export function inboundMutualTlsShare(d: SandboxDeployment): number {
  const inbound = CALLS.filter(c => c.to === d.workload);
  if (inbound.length === 0) return 1;
  const share = inbound.reduce(
    (sum, c) => sum + c.share * (1 - plaintextShare(c, d.profile)),
    0,
  );
  return Math.round(share * 10_000) / 10_000;
}
