import { checkoutTopology, largeMeshGraph } from '../../__fixtures__/topology';
import { defaultSloThresholds } from '../common/slo';
import { graphModel } from './graphModel';

describe('graphModel', () => {
  it("gives the entity, its plaintext callers and outside nodes their roles, and labels every edge with 'all'", () => {
    const { center, nodes, edges } = checkoutTopology.topology.data!;
    const model = graphModel(
      { nodes, edges, center, labels: 'all' },
      defaultSloThresholds,
    );
    expect(model.nodes.map(n => [n.id, n.role])).toEqual([
      ['shop/checkout', 'center'],
      ['istio-system/istio-ingressgateway', 'default'],
      ['shop/frontend', 'default'],
      ['unknown', 'plaintext'],
      ['shop/payments', 'default'],
      // Called over plaintext, but a dependency, not a caller.
      ['shop/inventory', 'default'],
      ['external:orders-db.example.com', 'external'],
    ]);
    expect(model.edges.map(e => [e.from, e.to, e.level, e.label])).toEqual([
      [
        'istio-system/istio-ingressgateway',
        'shop/checkout',
        'ok',
        'HTTP 12.5 req/s · 0.2 % errors · p99 180 ms · mTLS 100 %',
      ],
      [
        'shop/frontend',
        'shop/checkout',
        'ok',
        'HTTP 4 req/s · 0 % errors · p99 95.5 ms · mTLS 100 %',
      ],
      [
        'unknown',
        'shop/checkout',
        'warning',
        'HTTP 0.5 req/s · 0 % errors · p99 40 ms · mTLS 0 % · PLAINTEXT',
      ],
      [
        'shop/checkout',
        'shop/payments',
        'error',
        'HTTP 8 req/s · 6.25 % errors · p99 1.24 s · mTLS 100 %',
      ],
      [
        'shop/checkout',
        'shop/inventory',
        'warning',
        'gRPC 16 req/s · 1 % errors · p99 22 ms · mTLS 75 % · PLAINTEXT',
      ],
      [
        'shop/checkout',
        'external:orders-db.example.com',
        'ok',
        'TCP 0.2 conn/s · 20 KiB/s · mTLS unknown',
      ],
    ]);
  });

  it("labels only the problem edges of a 200-service mesh with 'problems'", () => {
    const { nodes, edges } = largeMeshGraph(200).graph.data!;
    const model = graphModel(
      { nodes, edges, labels: 'problems' },
      defaultSloThresholds,
    );
    expect(model.nodes).toHaveLength(200);
    expect(new Set(model.nodes.map(n => n.id)).size).toBe(200);
    expect(model.nodes.every(n => n.role === 'default')).toBe(true);
    expect(model.edges).toHaveLength(320);
    // Every 25th service calls over plaintext (14 edges), every 50th of those also fails 20 % (8).
    const labelled = model.edges.filter(e => e.label !== undefined);
    expect(labelled.map(e => [e.from, e.level])).toEqual(
      ['000', '025', '050', '075', '100', '125', '150'].flatMap(i => {
        const level = Number(i) % 50 === 0 ? 'error' : 'warning';
        return [
          [`ns-${Number(i) % 10}/svc-${i}`, level],
          [`ns-${Number(i) % 10}/svc-${i}`, level],
        ];
      }),
    );
    expect(labelled.every(e => e.label!.endsWith(' · PLAINTEXT'))).toBe(true);
    expect(
      model.edges
        .filter(e => e.label === undefined)
        .every(e => e.level === 'ok'),
    ).toBe(true);
  });
});
