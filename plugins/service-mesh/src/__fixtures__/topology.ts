import type {
  EntityTopologyResponse,
  EntityTracesResponse,
  MeshGraphResponse,
  TopologyEdge,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';

const kiali = 'https://kiali.example.com/kiali/console';

/** A workload node in the mesh, linked to Kiali, with its catalog entity when given. */
function workload(
  namespace: string,
  name: string,
  entity?: { entityRef: string; owner?: string },
): TopologyNode {
  return {
    id: `${namespace}/${name}`,
    namespace,
    workload: name,
    app: name.replace(/-v\d+$/, ''),
    external: false,
    ...entity,
    kialiUrl: `${kiali}/graph/node/namespaces/${namespace}/workloads/${name}`,
  };
}

/**
 * The checkout workload in prod: the ingress gateway and the frontend call it over mTLS, an unknown
 * caller over plaintext; it calls payments (5xx burst), inventory over gRPC, and a database outside the
 * mesh over TCP. Findings: payments is undeclared, shipping is declared without traffic.
 */
export const checkoutTopology: EntityTopologyResponse = {
  entityRef: 'component:default/checkout',
  environment: 'prod',
  sandbox: false,
  topology: {
    source: 'prometheus',
    state: 'ok',
    data: {
      range: '1h',
      center: 'shop/checkout',
      nodes: [
        workload('shop', 'checkout', {
          entityRef: 'component:default/checkout',
          owner: 'group:default/checkout-team',
        }),
        workload('istio-system', 'istio-ingressgateway'),
        workload('shop', 'frontend', {
          entityRef: 'component:default/frontend',
          owner: 'group:default/web-team',
        }),
        {
          id: 'unknown',
          workload: 'unknown',
          external: true,
        },
        workload('shop', 'payments', {
          entityRef: 'component:default/payments',
          owner: 'group:default/payments-team',
        }),
        workload('shop', 'inventory', {
          entityRef: 'component:default/inventory',
          owner: 'group:default/checkout-team',
        }),
        {
          id: 'external:orders-db.example.com',
          workload: 'orders-db.example.com',
          external: true,
        },
      ],
      edges: [
        {
          source: 'istio-system/istio-ingressgateway',
          target: 'shop/checkout',
          protocol: 'http',
          requestsPerSecond: 12.5,
          errorRatio: 0.002,
          latencyP99Ms: 180,
          mutualTlsShare: 1,
          plaintext: false,
        },
        {
          source: 'shop/frontend',
          target: 'shop/checkout',
          protocol: 'http',
          requestsPerSecond: 4,
          errorRatio: 0,
          latencyP99Ms: 95.5,
          mutualTlsShare: 1,
          plaintext: false,
        },
        {
          source: 'unknown',
          target: 'shop/checkout',
          protocol: 'http',
          requestsPerSecond: 0.5,
          errorRatio: 0,
          latencyP99Ms: 40,
          mutualTlsShare: 0,
          plaintext: true,
        },
        {
          source: 'shop/checkout',
          target: 'shop/payments',
          protocol: 'http',
          requestsPerSecond: 8,
          errorRatio: 0.0625,
          latencyP99Ms: 1240,
          mutualTlsShare: 1,
          plaintext: false,
        },
        {
          source: 'shop/checkout',
          target: 'shop/inventory',
          protocol: 'grpc',
          requestsPerSecond: 16,
          errorRatio: 0.01,
          latencyP99Ms: 22,
          mutualTlsShare: 0.75,
          plaintext: true,
        },
        {
          source: 'shop/checkout',
          target: 'external:orders-db.example.com',
          protocol: 'tcp',
          requestsPerSecond: 0.2,
          bytesPerSecond: 20480,
          errorRatio: null,
          latencyP99Ms: null,
          mutualTlsShare: null,
          plaintext: false,
        },
      ],
      findings: [
        {
          kind: 'undeclared-dependency',
          severity: 'warning',
          nodeId: 'shop/payments',
          entityRef: 'component:default/payments',
          message: 'calls payments but does not declare it',
          fix: 'add component:default/payments to spec.dependsOn',
        },
        {
          kind: 'declared-without-traffic',
          severity: 'info',
          entityRef: 'component:default/shipping',
          message: 'declares shipping but no traffic in 7 days',
          fix: 'remove component:default/shipping from spec.dependsOn if it is no longer used',
        },
        {
          kind: 'plaintext-caller',
          severity: 'error',
          nodeId: 'unknown',
          message: 'called over plaintext by unknown (outside the mesh)',
          fix: 'set the PeerAuthentication of namespace shop to STRICT',
        },
      ],
    },
  },
};

/** Traces of checkout in prod over the last hour: two slow ones, one of them failing. */
export const checkoutTraces: EntityTracesResponse = {
  entityRef: 'component:default/checkout',
  environment: 'prod',
  sandbox: false,
  traces: {
    source: 'jaeger',
    state: 'ok',
    data: {
      service: 'checkout.shop',
      lookback: '1h',
      slowest: [
        {
          traceId: '6f2a1c0e9b8d7a65',
          startedAt: '2026-11-26T09:41:12.000Z',
          durationMs: 2310.4,
          spanCount: 14,
          errorSpanCount: 2,
          rootOperation: 'checkout.shop: POST /checkout',
          hotspot: {
            service: 'payments.shop',
            operation: 'POST /charge',
            selfTimeMs: 1980,
          },
          url: 'https://jaeger.example.com/trace/6f2a1c0e9b8d7a65',
        },
        {
          traceId: '0a1b2c3d4e5f6071',
          startedAt: '2026-11-26T09:12:03.500Z',
          durationMs: 640,
          spanCount: 9,
          errorSpanCount: 0,
          rootOperation: 'checkout.shop: GET /cart',
          hotspot: null,
          url: 'https://jaeger.example.com/trace/0a1b2c3d4e5f6071',
        },
      ],
      failing: [
        {
          traceId: '6f2a1c0e9b8d7a65',
          startedAt: '2026-11-26T09:41:12.000Z',
          durationMs: 2310.4,
          spanCount: 14,
          errorSpanCount: 2,
          rootOperation: 'checkout.shop: POST /checkout',
          hotspot: {
            service: 'payments.shop',
            operation: 'POST /charge',
            selfTimeMs: 1980,
          },
          url: 'https://jaeger.example.com/trace/6f2a1c0e9b8d7a65',
        },
      ],
      searchUrl:
        'https://jaeger.example.com/search?service=checkout.shop&lookback=1h',
    },
  },
};

/** The prod mesh graph: the checkout topology's nodes and edges plus one more team's service. */
export const meshGraph: MeshGraphResponse = {
  environment: 'prod',
  environments: ['dev', 'prod'],
  namespaces: ['istio-system', 'shop', 'ledger'],
  sandbox: false,
  graph: {
    source: 'prometheus',
    state: 'ok',
    data: {
      nodes: [
        ...checkoutTopology.topology.data!.nodes,
        workload('ledger', 'ledger', {
          entityRef: 'component:default/ledger',
          owner: 'group:default/finance',
        }),
      ],
      edges: [
        ...checkoutTopology.topology.data!.edges,
        {
          source: 'shop/payments',
          target: 'ledger/ledger',
          protocol: 'grpc',
          requestsPerSecond: 7.5,
          errorRatio: 0,
          latencyP99Ms: 30,
          mutualTlsShare: 1,
          plaintext: false,
        },
      ],
    },
  },
  generatedAt: '2026-11-26T10:00:00.000Z',
};

/**
 * A layered mesh of `size` services (a multiple of 5) in ten namespaces (`ns-0`..`ns-9`) with five
 * owners, as real meshes are layered (gateways, frontends, backends, stores): five tiers, each service
 * calls two of the next tier. Every 25th service calls over plaintext, every 50th fails 20 %.
 */
export function largeMeshGraph(size: number): MeshGraphResponse {
  const perTier = size / 5;
  const name = (i: number) => `svc-${String(i).padStart(3, '0')}`;
  const nodes: TopologyNode[] = Array.from({ length: size }, (_, i) =>
    workload(`ns-${i % 10}`, name(i), {
      entityRef: `component:default/${name(i)}`,
      owner: `group:default/team-${i % 5}`,
    }),
  );
  const edges: TopologyEdge[] = nodes
    .slice(0, size - perTier)
    .flatMap((node, i) => {
      const nextTier = (Math.floor(i / perTier) + 1) * perTier;
      return [0, 1].map(step => ({
        source: node.id,
        target: nodes[nextTier + ((i + step) % perTier)].id,
        protocol: 'http' as const,
        requestsPerSecond: 1 + (i % 4),
        errorRatio: i % 50 === 0 ? 0.2 : 0,
        latencyP99Ms: 50 + i,
        mutualTlsShare: i % 25 === 0 ? 0.5 : 1,
        plaintext: i % 25 === 0,
      }));
    });
  return {
    environment: 'prod',
    environments: ['prod'],
    namespaces: Array.from({ length: 10 }, (_, i) => `ns-${i}`),
    sandbox: false,
    graph: { source: 'prometheus', state: 'ok', data: { nodes, edges } },
    generatedAt: '2026-11-26T10:00:00.000Z',
  };
}
