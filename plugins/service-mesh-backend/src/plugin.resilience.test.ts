import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { delay, http, HttpResponse } from 'msw';
import request from 'supertest';
import { expectMatchesOpenApi } from './__testUtils__/openapi';
import {
  useUpstreams,
  upstreamConfig,
  UPSTREAMS,
} from './__testUtils__/upstreams';
import { serviceMeshPlugin } from './plugin';

// Issue 19: a hanging upstream costs a few requests their wait, then its breaker opens and the answers
// come at once, from the last good data, marked stale.
jest.setTimeout(30_000);

const upstreams = useUpstreams();

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: {
      'argocd/app-selector': 'app.kubernetes.io/name=checkout',
      'meshport.io/workload': 'checkout',
      'kiali.io/namespace': 'shop',
    },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

const STATUS = '/api/service-mesh/entities/component/default/checkout/status';
const KIALI_TIMEOUT_MS = 1000;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function start() {
  const { server } = await startTestBackend({
    features: [
      serviceMeshPlugin,
      mockServices.rootConfig.factory({
        data: upstreamConfig({
          cacheTtlSeconds: 1,
          deadlineMs: 3000,
          resilience: {
            failureThreshold: 2,
            probeIntervalMs: 60_000,
            slowMs: 900,
          },
        }),
      }),
      catalogServiceMock.factory({ entities: [checkout] }),
      mockServices.permissions.factory(),
    ],
  });
  const get = (path: string) =>
    request(server)
      .get(path)
      .set('Authorization', mockCredentials.user.header());
  return { get };
}

describe('a hanging upstream', () => {
  it('opens its breaker: the status then answers at once from the last good data, marked stale', async () => {
    const { get } = await start();
    const before = Date.now();
    const fresh = await get(STATUS);
    expect(fresh.status).toBe(200);
    const freshProd = fresh.body.environments.find(
      (e: any) => e.name === 'prod',
    );
    expect(freshProd.mtls.reported).toMatchObject({
      source: 'kiali',
      state: 'ok',
      data: { status: 'MTLS_ENABLED' },
    });
    expect(freshProd.mtls.reported.stale).toBeUndefined();
    const fetchedAt = Date.now();

    upstreams.server.use(
      http.get(`${UPSTREAMS.kiali.url}/*`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await sleep(1100); // past the 1 s cache TTL
    // The first request after the hang began waits at most one Kiali timeout (its cached calls wait
    // slowMs, the version lookup, which is never served stale, its timeout), not one per call.
    const waited = Date.now();
    const first = await get(STATUS);
    expect(first.status).toBe(200);
    expect(Date.now() - waited).toBeLessThan(2 * KIALI_TIMEOUT_MS);
    // Its Kiali calls time out in the background and open the breaker.
    await sleep(KIALI_TIMEOUT_MS + 200);

    upstreams.requests.length = 0;
    const started = Date.now();
    const res = await get(STATUS);
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/status',
      'get',
      200,
      res.body,
    );
    // Kiali was not asked at all; the answer did not wait for it.
    expect(upstreams.count(UPSTREAMS.kiali.url)).toBe(0);
    expect(took).toBeLessThan(KIALI_TIMEOUT_MS);
    const prod = res.body.environments.find((e: any) => e.name === 'prod');
    expect(prod.mtls.reported.state).toBe('ok');
    expect(prod.mtls.reported.data).toEqual(freshProd.mtls.reported.data);
    expect(prod.mtls.reported.stale.reason).toBe('Kiali not answering');
    const at = Date.parse(prod.mtls.reported.stale.fetchedAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(fetchedAt);
    expect(prod.mtls.reported.message).toMatch(
      /^Kiali is not being asked: \d+ failed or slow calls in a row \(last: Kiali gave no answer within 900 ms\); next probe in \d+ s$/,
    );
    // Argo CD and Prometheus answered fresh.
    expect(prod.argocd.stale).toBeUndefined();
    expect(prod.signals).toMatchObject({ state: 'ok' });
    expect(prod.signals.stale).toBeUndefined();

    const diagnostics = await get('/api/service-mesh/diagnostics');
    expect(diagnostics.status).toBe(200);
    expectMatchesOpenApi('/diagnostics', 'get', 200, diagnostics.body);
    const byInstance = Object.fromEntries(
      diagnostics.body.entries.map((e: any) => [e.instance, e.breaker]),
    );
    expect(byInstance.kiali).toMatchObject({
      state: 'open',
      lastError: 'Kiali gave no answer within 900 ms',
    });
    expect(byInstance.kiali.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(byInstance.prod).toEqual({
      state: 'closed',
      consecutiveFailures: 0,
    });
  });
});

describe('an Argo CD instance refusing connections', () => {
  it('keeps its environments from the last good application list, marked stale', async () => {
    const { get } = await start();
    const fresh = await get(STATUS);
    const freshProd = fresh.body.environments.find(
      (e: any) => e.name === 'prod',
    );
    expect(freshProd.argocd.state).toBe('ok');
    expect(freshProd.argocd.stale).toBeUndefined();
    upstreams.server.use(
      http.all(`${UPSTREAMS.argoProd.url}/*`, () => HttpResponse.error()),
    );
    await sleep(1100); // past the 1 s cache TTL
    const res = await get(STATUS);
    expect(res.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/status',
      'get',
      200,
      res.body,
    );
    const prod = res.body.environments.find((e: any) => e.name === 'prod');
    expect(prod.argocd.state).toBe('ok');
    expect(prod.argocd.data.name).toBe(freshProd.argocd.data.name);
    expect(prod.argocd.stale.reason).toBe(
      'Argo CD instance "prod" unreachable',
    );
    expect(prod.argocd.message).toMatch(
      /^Argo CD instance "prod" is unreachable/,
    );
  });
});
