/*
 * The topology, traces and graph routes through the real backend with the sandbox's sources and the
 * example components (examples/components.yaml, checkout from its seeded local repository), answers
 * checked against openapi.yaml.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { expectMatchesOpenApi } from '../../__testUtils__/openapi';
import { sandboxExamples } from '../../__testUtils__/sandboxExamples';
import { serviceMeshPlugin } from '../../plugin';

jest.setTimeout(60_000);

/** The examples with the `dependsOn` relations the catalog's processors would add. */
const withRelations = (entities: Entity[]): Entity[] =>
  entities.map(entity => ({
    ...entity,
    relations: ((entity.spec?.dependsOn as string[] | undefined) ?? []).map(
      ref => ({
        type: RELATION_DEPENDS_ON,
        targetRef: stringifyEntityRef({
          kind: ref.split(':')[0],
          namespace: 'default',
          name: ref.split(':')[1],
        }),
      }),
    ),
  }));

let examples: Awaited<ReturnType<typeof sandboxExamples>>;
afterAll(() => examples.cleanup());

let server: Parameters<typeof request>[0];

beforeAll(async () => {
  examples = await sandboxExamples();
  ({ server } = await startTestBackend({
    features: [
      serviceMeshPlugin,
      mockServices.rootConfig.factory({
        data: { serviceMesh: { sandbox: true }, ...examples.config },
      }),
      catalogServiceMock.factory({
        entities: withRelations(examples.entities),
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  }));
});

async function get(path: string, status = 200) {
  const res = await request(server)
    .get(`/api/service-mesh${path}`)
    .set('Authorization', mockCredentials.user.header());
  expect({ path, status: res.status }).toEqual({ path, status });
  return res.body;
}

describe('GET /entities/.../topology', () => {
  it("shows checkout's callers and dependencies in prod, with the canary and the declared-vs-observed findings", async () => {
    const body = await get(
      '/entities/component/default/checkout/topology?environment=prod&range=1h',
    );
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/topology',
      'get',
      200,
      body,
    );
    expect(body.sandbox).toBe(true);
    const data = body.topology.data;
    expect(data.center).toBe('shop/checkout');
    expect(
      data.edges.map((e: any) => `${e.source} → ${e.target} ${e.protocol}`),
    ).toEqual([
      'shop/storefront → shop/checkout http',
      'shop/order-export → shop/checkout http',
      'shop/checkout → shop/catalog-api http',
      'shop/checkout → shop/payments http',
    ]);
    const payments = data.nodes.find((n: any) => n.id === 'shop/payments');
    expect(payments).toEqual({
      id: 'shop/payments',
      namespace: 'shop',
      workload: 'payments',
      app: 'payments',
      external: false,
      entityRef: 'component:default/payments',
      owner: 'group:default/payments-team',
      kialiUrl:
        'https://sandbox.meshport.invalid/kiali/console/namespaces/shop/workloads/payments?tab=info',
    });
    expect(data.findings).toEqual([
      {
        kind: 'undeclared-dependency',
        severity: 'warning',
        nodeId: 'shop/catalog-api',
        entityRef: 'component:default/catalog-api',
        message: 'checkout calls catalog-api but does not declare it',
        fix: 'Add component:default/catalog-api to spec.dependsOn of component:default/checkout, or consume one of the APIs it provides',
      },
      {
        kind: 'declared-without-traffic',
        severity: 'info',
        entityRef: 'component:default/auth-service',
        message:
          'checkout declares auth-service (in spec.dependsOn) but sent it no traffic in 7 days',
        fix: 'Remove the declaration if component:default/auth-service is no longer used',
      },
      {
        kind: 'plaintext-caller',
        severity: 'warning',
        nodeId: 'shop/order-export',
        message:
          'checkout is called over plaintext by shop/order-export (100 % of its requests)',
        fix: 'Inject the Istio sidecar into shop/order-export (or fix a DestinationRule that disables TLS), then set the PeerAuthentication to STRICT',
      },
    ]);
    // The plaintext caller's edge: its 5 % of checkout's requests, none of them mutual TLS.
    const plaintext = data.edges.filter((e: any) => e.plaintext);
    expect(plaintext.map((e: any) => [e.source, e.mutualTlsShare])).toEqual([
      ['shop/order-export', 0],
    ]);
    const storefront = data.edges.find(
      (e: any) => e.source === 'shop/storefront',
    );
    expect(
      plaintext[0].requestsPerSecond / storefront.requestsPerSecond,
    ).toBeCloseTo(0.05 / 0.95, 3);
  });

  it('shows the payments canary caller and the plaintext callers of recommendations', async () => {
    const payments = await get(
      '/entities/component/default/payments/topology?environment=prod',
    );
    expect(
      payments.topology.data.edges
        .filter((e: any) => e.target === 'shop/payments')
        .map((e: any) => e.source),
    ).toEqual(['shop/checkout', 'shop/checkout-v2']);
    const recommendations = await get(
      '/entities/component/default/recommendations/topology',
    );
    expect(
      recommendations.topology.data.findings.map((f: any) => f.message),
    ).toEqual([
      'recommendations is called over plaintext by storefront (38 % of its requests)',
      'recommendations is called over plaintext from outside the mesh (unknown source) (100 % of its requests)',
    ]);
  });

  it('answers 404 for an entity that does not exist or an unknown environment, 400 for a hostile one', async () => {
    await get('/entities/component/default/nope/topology', 404);
    await get(
      '/entities/component/default/checkout/topology?environment=moon',
      404,
    );
    const bad = await get(
      `/entities/component/default/checkout/topology?environment=${encodeURIComponent('prod"}')}`,
      400,
    );
    expect(bad.error.message).toContain('environment');
  });
});

describe('GET /entities/.../traces', () => {
  it("lists checkout's slowest and failing traces with deep links", async () => {
    const body = await get(
      '/entities/component/default/checkout/traces?environment=prod',
    );
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/traces',
      'get',
      200,
      body,
    );
    const data = body.traces.data;
    expect(data.service).toBe('checkout.shop');
    expect(data.slowest).toHaveLength(5);
    expect(data.failing.length).toBeGreaterThan(0);
    expect(data.slowest[0].url).toBe(
      `https://sandbox.meshport.invalid/jaeger/trace/${data.slowest[0].traceId}`,
    );
    expect(
      data.slowest.every(
        (t: any, i: number) =>
          i === 0 || t.durationMs <= data.slowest[i - 1].durationMs,
      ),
    ).toBe(true);
  });
});

describe('GET /graph', () => {
  it('shows the prod mesh and filters it by owner and namespace', async () => {
    const body = await get('/graph?environment=prod');
    expectMatchesOpenApi('/graph', 'get', 200, body);
    expect(body.environments).toEqual(['dev', 'staging', 'prod']);
    expect(body.namespaces).toEqual(['identity', 'shop', 'shop-legacy']);
    expect(body.graph.data.edges).toHaveLength(12);
    const owned = await get('/graph?environment=prod&owner=payments-team');
    expect(
      owned.graph.data.edges.map((e: any) => `${e.source} → ${e.target}`),
    ).toEqual([
      'shop/checkout → shop/payments',
      'shop/checkout-v2 → shop/payments',
      'shop/payments → shop/payments-db',
    ]);
    const legacy = await get('/graph?environment=prod&namespace=shop-legacy');
    expect(legacy.graph.data.nodes.map((n: any) => n.id).sort()).toEqual([
      'shop-legacy/recommendations',
      'shop/storefront',
      'unknown',
    ]);
  });

  it('refuses hostile filters with 400 naming the field', async () => {
    const ns = await get('/graph?namespace=a%7Cb', 400);
    expect(ns.error.message).toContain('namespace');
    const owner = await get('/graph?owner=%3A%3A', 400);
    expect(owner.error.message).toContain('owner');
    await get('/graph?environment=moon', 404);
  });
});
