import { isRequestedOperation } from '@meshport/plugin-service-mesh-common';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { expectMatchesOpenApi } from '../../__testUtils__/openapi';
import { sandboxExamples } from '../../__testUtils__/sandboxExamples';
import { serviceMeshPlugin } from '../../plugin';
import { readEntityTargets } from '../targets';
import { PARTIAL_MTLS_SHARE } from './calls';
import { observedAt, signalsAt } from './simulation';
import { deploymentsOf, environmentsOf } from './world';

/** The example components as the portal's catalog holds them, checkout from its seeded repository. */
let examples: Awaited<ReturnType<typeof sandboxExamples>>;
beforeAll(async () => {
  examples = await sandboxExamples();
});
afterAll(() => examples.cleanup());
const example = (name: string) =>
  examples.entities.find(e => e.metadata.name === name)!;

/** A service as the wizard creates it: only our and Argo CD's annotations, no example story. */
const wizardService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    annotations: {
      'argocd/app-selector': 'app.kubernetes.io/name=orders',
      'meshport.io/workload': 'orders',
      'backstage.io/kubernetes-namespace': 'orders',
      'meshport.io/manifests':
        'url:https://github.com/acme/orders/tree/main/deploy',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'experimental' },
};

async function start() {
  const { server } = await startTestBackend({
    features: [
      serviceMeshPlugin,
      mockServices.rootConfig.factory({
        data: { serviceMesh: { sandbox: true }, ...examples.config },
      }),
      catalogServiceMock.factory({
        entities: [...examples.entities, wizardService],
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
  const get = async (path: string) => {
    const res = await request(server)
      .get(`/api/service-mesh${path}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  return { server, get };
}

/** Every SourceResult in an answer (objects with `source` and `state`). */
function sourceResults(
  value: unknown,
): Array<{ source: string; state: string; sandbox?: boolean }> {
  if (!value || typeof value !== 'object') return [];
  const own = 'source' in value && 'state' in value ? [value as any] : [];
  return [...own, ...Object.values(value).flatMap(sourceResults)];
}

const envOf = (status: any, name: string) =>
  status.environments.find((e: any) => e.name === name);

describe('sandbox', () => {
  it('tells each example component story, marks everything sandbox, and matches the OpenAPI document', async () => {
    const { get } = await start();
    const checkout = await get('/entities/component/default/checkout/status');
    const payments = await get('/entities/component/default/payments/status');
    const catalogApi = await get(
      '/entities/component/default/catalog-api/status',
    );
    const recommendations = await get(
      '/entities/component/default/recommendations/status',
    );
    const orders = await get('/entities/component/default/orders/status');
    for (const status of [
      checkout,
      payments,
      catalogApi,
      recommendations,
      orders,
    ]) {
      expectMatchesOpenApi(
        '/entities/{kind}/{namespace}/{name}/status',
        'get',
        200,
        status,
      );
      expect(status.sandbox).toBe(true);
      const results = sourceResults(status);
      expect(results.length).toBeGreaterThan(5);
      expect(results.every(r => r.state === 'ok' && r.sandbox === true)).toBe(
        true,
      );
    }
    expect(
      checkout.environments.map((e: any) => [e.name, e.namespace]),
    ).toEqual([
      ['dev', 'shop-dev'],
      ['staging', 'shop-staging'],
      ['prod', 'shop'],
    ]);
    // Canary: two images and a 90/10 split only in prod.
    expect(envOf(checkout, 'prod').argocd.data.images).toEqual([
      'ghcr.io/meshport-examples/checkout:1.8.0',
      'ghcr.io/meshport-examples/checkout:2.0.0-rc.1',
    ]);
    expect(envOf(checkout, 'dev').argocd.data.images).toHaveLength(1);
    // order-export calls checkout over plaintext in every environment: Git's workload policy lets it
    // through, traffic shows its 5 %, Kiali's namespace-wide status stays the namespace's STRICT one.
    for (const env of checkout.environments) {
      expect([
        env.mtls.verdict,
        env.mtls.declared.data.mode,
        env.mtls.declared.data.objects,
        env.mtls.reported.data.status,
        env.mtls.observed.data.mutualTlsShare,
      ]).toEqual([
        'partial',
        'PERMISSIVE',
        [`PeerAuthentication/${env.namespace}/checkout-plaintext-callers`],
        'MTLS_ENABLED',
        0.95,
      ]);
    }
    // 5xx burst in payments prod only.
    expect(envOf(payments, 'prod').signals.data.errorRatio).toBeGreaterThan(
      0.08,
    );
    expect(envOf(payments, 'staging').signals.data.errorRatio).toBeLessThan(
      0.01,
    );
    expect(envOf(checkout, 'prod').signals.data.errorRatio).toBeLessThan(0.01);
    // catalog-api staging is OutOfSync, the rest is Synced.
    expect(
      catalogApi.environments.map((e: any) => [
        e.name,
        e.argocd.data.sync.status,
      ]),
    ).toEqual([
      ['dev', 'Synced'],
      ['staging', 'OutOfSync'],
      ['prod', 'Synced'],
    ]);
    // recommendations: one app, PERMISSIVE, partly plaintext, not every pod meshed.
    expect(recommendations.environments).toHaveLength(1);
    const legacy = recommendations.environments[0];
    expect(legacy).toMatchObject({ name: 'prod', namespace: 'shop-legacy' });
    expect(legacy.mtls.verdict).toBe('partial');
    expect(legacy.mtls.declared.data.mode).toBe('PERMISSIVE');
    expect(legacy.mtls.reported.data.status).toBe('MTLS_PARTIALLY_ENABLED');
    // Storefront's 80 % of its traffic reaches a pod with a sidecar at PARTIAL_MTLS_SHARE, the
    // batch job's 20 % is plaintext: the same share as on its edges.
    expect(PARTIAL_MTLS_SHARE).toBe(0.62);
    expect(legacy.mtls.observed.data.mutualTlsShare).toBe(0.496);
    expect(legacy.sidecar.injected).toBe(false);
    expect(legacy.sidecar.fix).toContain(
      'kubectl rollout restart deployment/recommendations -n shop-legacy',
    );
    // A wizard-made service: three healthy, synced, strict environments.
    expect(
      orders.environments.map((e: any) => [
        e.name,
        e.namespace,
        e.argocd.data.sync.status,
        e.argocd.data.health.status,
        e.mtls.verdict,
      ]),
    ).toEqual([
      ['dev', 'orders-dev', 'Synced', 'Healthy', 'strict'],
      ['staging', 'orders-staging', 'Synced', 'Healthy', 'strict'],
      ['prod', 'orders', 'Synced', 'Healthy', 'strict'],
    ]);
    expect(envOf(orders, 'prod').mtls.declared.data.mode).toBe('STRICT');
    // docs-site is not meshed: a default environment, Argo CD not configured for it.
    const docs = await get('/entities/component/default/docs-site/status');
    expect(docs.environments[0].argocd.state).toBe('not-configured');
  });

  it('serves signals, revision metadata, sync, overview and diagnostics from the simulation', async () => {
    const { server, get } = await start();
    const signals = await get(
      '/entities/component/default/payments/signals?environment=prod&range=6h',
    );
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/signals',
      'get',
      200,
      signals,
    );
    expect(signals.sandbox).toBe(true);
    expect(signals.signals.data.series.requestsPerSecond).toHaveLength(73);
    expect(signals.signals.data.deploys.length).toBeGreaterThan(0);
    const errors = signals.signals.data.series.errorRatio.map(
      (p: [number, number]) => p[1],
    );
    expect(Math.max(...errors.slice(-3))).toBeGreaterThan(0.08);
    expect(Math.max(...errors.slice(0, 60))).toBeLessThan(0.01);

    const status = await get('/entities/component/default/catalog-api/status');
    const staging = envOf(status, 'staging').argocd.data;
    const revision = staging.history[0].revision;
    const metadata = await get(
      `/entities/component/default/catalog-api/argocd/sandbox/applications/${staging.name}/revisions/${revision}/metadata`,
    );
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/argocd/{instance}/applications/{app}/revisions/{revision}/metadata',
      'get',
      200,
      metadata,
    );
    expect(metadata.message).toMatch(/^catalog-api: /);

    const sync = await request(server)
      .post(
        `/api/service-mesh/entities/component/default/catalog-api/argocd/sandbox/applications/${staging.name}/sync`,
      )
      .set('Authorization', mockCredentials.user.header());
    expect(sync.status).toBe(200);
    // As Argo CD: the sync is only requested; the next status reports the operation it started.
    expect(sync.body).toMatchObject({ action: 'sync', result: 'Requested' });
    expect(isRequestedOperation(sync.body, staging.operation)).toBe(false);
    const after = await get('/entities/component/default/catalog-api/status');
    const synced = envOf(after, 'staging').argocd.data;
    expect(synced.sync.status).toBe('Synced');
    expect(isRequestedOperation(sync.body, synced.operation)).toBe(true);
    expect(synced.operation.phase).toBe('Succeeded');

    const overview = await get('/overview');
    expectMatchesOpenApi('/overview', 'get', 200, overview);
    expect(overview.sandbox).toBe(true);
    expect(
      overview.rows
        .filter((r: any) => r.entityRef === 'component:default/payments')
        .map((r: any) => r.environment),
    ).toEqual(['dev', 'staging', 'prod']);
    expect(
      overview.rows.find(
        (r: any) => r.entityRef === 'component:default/recommendations',
      ).mtls,
    ).toBe('partial');

    const diagnostics = await get('/diagnostics');
    expectMatchesOpenApi('/diagnostics', 'get', 200, diagnostics);
    expect(diagnostics.entries.map((e: any) => [e.source, e.state])).toEqual([
      ['argocd', 'ok'],
      ['kiali', 'ok'],
      ['prometheus', 'ok'],
    ]);
  });

  it('is deterministic per entity and time, and varies with time', () => {
    const [prod] = deploymentsOf(
      readEntityTargets(example('checkout'), []),
    ).filter(d => d.environment === 'prod');
    const t = 1_764_172_800;
    expect(signalsAt(prod, t, t)).toEqual(signalsAt(prod, t, t));
    expect(signalsAt(prod, t + 600, t + 600)).not.toEqual(
      signalsAt(prod, t, t),
    );
    const [other] = deploymentsOf(
      readEntityTargets(example('payments'), []),
    ).filter(d => d.environment === 'prod');
    expect(signalsAt(other, t, t).requestsPerSecond).not.toBe(
      signalsAt(prod, t, t).requestsPerSecond,
    );
    // Checkout's order-export caller sends its 5 % of checkout's requests over plaintext.
    expect(observedAt(prod, t, t).mutualTlsShare).toBe(0.95);
    expect(observedAt(other, t, t).mutualTlsShare).toBe(1);
  });

  it('refuses to start in production', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(
        startTestBackend({
          features: [
            serviceMeshPlugin,
            mockServices.rootConfig.factory({
              data: { serviceMesh: { sandbox: true } },
            }),
            catalogServiceMock.factory({ entities: [] }),
          ],
        }),
      ).rejects.toThrow(
        /serviceMesh\.sandbox: the sandbox serves simulated data and cannot be enabled when NODE_ENV is production/,
      );
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});

describe('environmentsOf', () => {
  it('names environments by namespace suffix, the plain last one prod', () => {
    expect(environmentsOf(['pay-dev', 'pay-staging', 'payments'])).toEqual([
      { environment: 'dev', namespace: 'pay-dev' },
      { environment: 'staging', namespace: 'pay-staging' },
      { environment: 'prod', namespace: 'payments' },
    ]);
    expect(environmentsOf(['inventory-dev'])).toEqual([
      { environment: 'dev', namespace: 'inventory-dev' },
    ]);
    expect(environmentsOf(['shop']).map(e => e.namespace)).toEqual([
      'shop-dev',
      'shop-staging',
      'shop',
    ]);
  });
});
