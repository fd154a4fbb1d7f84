import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { delay, http, HttpResponse } from 'msw';
import request from 'supertest';
import { expectMatchesOpenApi } from './__testUtils__/openapi';
import {
  ALL_TOKENS,
  useUpstreams,
  upstreamConfig,
  UPSTREAMS,
  fixtures,
} from './__testUtils__/upstreams';
import { serviceMeshPlugin } from './plugin';

// Starting a backend and firing 100 requests takes several seconds on a loaded 2-core machine.
jest.setTimeout(30_000);

const upstreams = useUpstreams();

const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout, labels: { app: checkout, version: v1 } }
spec:
  selector: { matchLabels: { app: checkout, version: v1 } }
  template:
    metadata: { labels: { app: checkout, version: v1 } }
    spec: { containers: [{ name: checkout, image: ghcr.io/x/checkout:1.8.0 }] }
---
apiVersion: v1
kind: Service
metadata: { name: checkout }
spec: { selector: { app: checkout }, ports: [{ name: http, port: 80 }] }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default }
spec: { mtls: { mode: STRICT } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: checkout }
spec:
  hosts: [checkout]
  http: [{ route: [{ destination: { host: checkout, subset: v9 }, weight: 100 }] }]
`;

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', title: name, annotations },
  spec: {
    type: 'service',
    owner: 'checkout-team',
    system: 'shop',
    lifecycle: 'production',
  },
});

const checkout = component('checkout', {
  // Set by the catalog on every entity it reads from a location: the manifests are in the same repository.
  'backstage.io/managed-by-location':
    'url:https://github.com/meshport-examples/checkout/blob/main/catalog-info.yaml',
  'argocd/app-selector': 'app.kubernetes.io/name=checkout',
  'meshport.io/workload': 'checkout',
  'meshport.io/manifests':
    'url:https://github.com/meshport-examples/checkout/tree/main/deploy',
  'kiali.io/namespace': 'shop',
  'jaegertracing.io/service': 'checkout.shop',
});

const STATUS = '/api/service-mesh/entities/component/default/checkout/status';
const SYNC =
  '/api/service-mesh/entities/component/default/checkout/argocd/prod/applications/checkout-prod/sync';

/** Records every log line of the plugin. */
function recordingLogger(lines: string[]) {
  const make = (): LoggerService => ({
    error: (m, meta) => void lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    warn: (m, meta) => void lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    info: (m, meta) => void lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    debug: (m, meta) => void lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    child: () => make(),
  });
  return createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => make(),
  });
}

interface StartOptions {
  entities?: Entity[];
  config?: JsonObject;
  permissions?: (name: string) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  logLines?: string[];
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
  catalog?: ReturnType<typeof catalogServiceMock.mock>;
}

async function start(options: StartOptions = {}) {
  const readTree = jest.fn(async () => ({
    etag: 'e1',
    files: async () => [
      { path: 'mesh.yaml', content: async () => Buffer.from(MANIFESTS) },
    ],
    archive: async () => {
      throw new Error('not used');
    },
    dir: async () => {
      throw new Error('not used');
    },
  }));
  const decide = options.permissions ?? (() => AuthorizeResult.ALLOW);
  const features: any[] = [
    serviceMeshPlugin,
    mockServices.rootConfig.factory({
      data: options.config ?? upstreamConfig(),
    }),
    options.catalog?.factory ??
      catalogServiceMock.factory({ entities: options.entities ?? [checkout] }),
    mockServices.urlReader.mock({ readTree: readTree as any }).factory,
    mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({ result: decide(r.permission.name) })) as any,
    }).factory,
  ];
  if (options.logLines) features.push(recordingLogger(options.logLines));
  if (options.auditor) features.push(options.auditor.factory);
  const { server } = await startTestBackend({ features });
  return { server, readTree };
}

const user = () => mockCredentials.user.header();

describe('service-mesh routes', () => {
  it('requires an authenticated caller on every route', async () => {
    const { server } = await start();
    for (const [method, path, route] of [
      ['get', STATUS, '/entities/{kind}/{namespace}/{name}/status'],
      [
        'get',
        '/api/service-mesh/entities/component/default/checkout/signals',
        '/entities/{kind}/{namespace}/{name}/signals',
      ],
      ['get', '/api/service-mesh/overview', '/overview'],
      ['get', '/api/service-mesh/diagnostics', '/diagnostics'],
      [
        'post',
        SYNC,
        '/entities/{kind}/{namespace}/{name}/argocd/{instance}/applications/{app}/sync',
      ],
    ] as const) {
      const res = await request(server)
        [method](path)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
      expectMatchesOpenApi(route, method, 401, res.body);
    }
    expect(upstreams.requests).toEqual([]);
  });

  it('serves the status of every environment from two Argo CD instances, Kiali, Prometheus and Git', async () => {
    const { server } = await start();
    const res = await request(server).get(STATUS).set('Authorization', user());
    expect(res.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/status',
      'get',
      200,
      res.body,
    );
    const body = res.body;
    expect(body.entityRef).toBe('component:default/checkout');
    expect(body.sandbox).toBe(false);
    expect(
      body.environments.map((e: any) => [
        e.name,
        e.namespace,
        e.argocd.instance,
        e.argocd.state,
      ]),
    ).toEqual([
      ['staging', 'shop-staging', 'staging', 'ok'],
      ['prod', 'shop', 'prod', 'ok'],
    ]);
    const [staging, prod] = body.environments;
    expect(
      prod.argocd.data.unhealthyResources.map(
        (r: any) => `${r.name}:${r.health}`,
      ),
    ).toEqual(['checkout-v2:Progressing']);
    expect(staging.argocd.data.sources).toHaveLength(2);
    expect(staging.cluster).toBe('staging');
    // Git STRICT, Kiali MTLS_ENABLED, traffic 10/10 req/s over mTLS.
    expect(prod.mtls.verdict).toBe('strict');
    expect(prod.mtls.declared.data.mode).toBe('STRICT');
    expect(prod.mtls.reported.data.status).toBe('MTLS_ENABLED');
    expect(prod.mtls.observed.data).toEqual({
      mutualTlsShare: 1,
      requestsPerSecond: 10,
    });
    // Kiali: partially enabled in staging → the sources disagree.
    expect(staging.mtls.verdict).toBe('partial');
    expect(staging.mtls.summary).toMatch(/^The sources disagree/);
    expect(prod.sidecar).toEqual({
      injected: true,
      evidence: ['Kiali: istioSidecar=true', 'Kiali: 3/3 proxies synced'],
    });
    expect(staging.sidecar.injected).toBe(false);
    expect(staging.sidecar.fix).toMatch(
      /rollout restart deployment\/checkout -n shop-staging/,
    );
    expect(prod.signals.data).toEqual({
      requestsPerSecond: 10,
      errorRatio: 0.05,
      latencyP50Ms: 12,
      latencyP95Ms: 48,
      latencyP99Ms: 95,
      cpuSaturation: 0.25,
      memorySaturation: 0.5,
    });
    expect(prod.links.map((l: any) => l.tool)).toEqual([
      'kiali',
      'kiali', // the service page (issue 12, defect 11)
      'kiali',
      'kiali',
      'kiali',
      'kiali',
      'kiali',
      'argocd',
      'grafana',
      'grafana',
      'jaeger',
      'prometheus',
    ]);
    expect(prod.links.find((l: any) => l.tool === 'argocd').url).toBe(
      'https://argocd-prod.test/applications/argocd/checkout-prod',
    );
    expect(body.findings.state).toBe('ok');
    expect(body.findings.data.map((f: any) => f.rule)).toEqual(
      expect.arrayContaining(['mtls-sources-disagree']),
    );
    expect(body.findings.data.length).toBeGreaterThan(1);
    // Tokens went to their own upstream only.
    const tokenOf: Record<string, string> = {
      [UPSTREAMS.argoProd.url]: UPSTREAMS.argoProd.token,
      [UPSTREAMS.argoStaging.url]: UPSTREAMS.argoStaging.token,
      [new URL(UPSTREAMS.kiali.url).origin]: UPSTREAMS.kiali.token,
      [UPSTREAMS.prometheus.baseUrl]: UPSTREAMS.prometheus.token,
    };
    expect(upstreams.requests.length).toBeGreaterThan(10);
    for (const r of upstreams.requests) {
      expect(r.authorization).toBe(`Bearer ${tokenOf[new URL(r.url).origin]}`);
    }
    expect(JSON.stringify(body)).not.toMatch(new RegExp(ALL_TOKENS.join('|')));
  });

  it('gives no data about an entity the caller may not read', async () => {
    // The catalog applies catalog.entity.read to the credentials it is given: an entity the caller
    // may not read comes back as missing. The plugin must ask with the caller's own credentials.
    const getEntityByRef = jest.fn(async () => undefined);
    const catalog = catalogServiceMock.mock({ getEntityByRef } as any);
    const { server } = await start({ catalog });
    for (const path of [
      STATUS,
      '/api/service-mesh/entities/component/default/checkout/signals',
    ]) {
      const res = await request(server).get(path).set('Authorization', user());
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({
        name: 'NotFoundError',
        message: 'No entity component:default/checkout',
      });
    }
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
    for (const [ref, { credentials }] of getEntityByRef.mock.calls as any[]) {
      expect(ref).toBe('component:default/checkout');
      expect(credentials.principal).toMatchObject({
        type: 'user',
        userEntityRef: 'user:default/mock',
      });
    }
    expect(upstreams.requests).toEqual([]);
  });

  it('refuses a sync without the sync permission, with 403 and no upstream call, and audits the attempt', async () => {
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const { server } = await start({
      permissions: name =>
        name === 'service-mesh.argocd.sync'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      auditor,
    });
    const res = await request(server).post(SYNC).set('Authorization', user());
    expect(res.status).toBe(403);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/argocd/{instance}/applications/{app}/sync',
      'post',
      403,
      res.body,
    );
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(upstreams.requests).toEqual([]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'argocd-sync',
        meta: {
          action: 'sync',
          entityRef: 'component:default/checkout',
          instance: 'prod',
          app: 'checkout-prod',
        },
      }),
    );
    expect(event.fail).toHaveBeenCalledTimes(1);
    expect(event.success).not.toHaveBeenCalled();
  });

  it('syncs and refreshes with permission, audited and logged with who did it', async () => {
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const lines: string[] = [];
    const { server } = await start({ auditor, logLines: lines });
    const sync = await request(server).post(SYNC).set('Authorization', user());
    expect(sync.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/argocd/{instance}/applications/{app}/sync',
      'post',
      200,
      sync.body,
    );
    // Argo CD only recorded the operation: the answer's operationState is the previous sync's, so the
    // result is "Requested" with what identifies the new operation (issue 12, defect 5).
    expect(sync.body).toEqual({
      instance: 'prod',
      app: 'checkout-prod',
      action: 'sync',
      result: 'Requested',
      message:
        'Argo CD accepted a sync to revision 9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d; its controller has not reported it yet',
      revision: '9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
      previousStartedAt: '2026-11-26T15:58:27Z',
      requestedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(
      upstreams.count(
        `${UPSTREAMS.argoProd.url}/api/v1/applications/checkout-prod/sync`,
        'POST',
      ),
    ).toBe(1);
    expect(event.success).toHaveBeenCalledWith({
      meta: { result: 'Requested' },
    });
    expect(lines).toContainEqual(
      expect.stringContaining(
        'user:default/mock asked Argo CD instance "prod" to sync application "checkout-prod" of component:default/checkout: Requested',
      ),
    );

    const refresh = await request(server)
      .post(SYNC.replace(/sync$/, 'refresh'))
      .set('Authorization', user());
    expect(refresh.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/argocd/{instance}/applications/{app}/refresh',
      'post',
      200,
      refresh.body,
    );
    expect(refresh.body).toEqual({
      instance: 'prod',
      app: 'checkout-prod',
      action: 'refresh',
      result: 'Synced',
      message: 'health Progressing',
    });
    expect(
      upstreams.requests.some(
        r =>
          r.url ===
          `${UPSTREAMS.argoProd.url}/api/v1/applications/checkout-prod?refresh=normal&appNamespace=argocd`,
      ),
    ).toBe(true);
  });

  it('never touches an application that does not belong to the entity', async () => {
    const { server } = await start();
    const res = await request(server)
      .post(
        '/api/service-mesh/entities/component/default/checkout/argocd/prod/applications/payments-prod/sync',
      )
      .set('Authorization', user());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'Argo CD application "payments-prod" on "prod" does not belong to component:default/checkout',
    );
    expect(upstreams.requests.filter(r => r.method === 'POST')).toEqual([]);
  });

  const hostile: Array<[string, string]> = [
    ['argocd/app-selector', 'app.kubernetes.io/name=~"check.*"'],
    ['argocd/app-selector', 'app={checkout}'],
    ['argocd/app-selector', "app='checkout'"],
    ['argocd/app-selector', 'app=checkout\nenv=prod'],
    ['meshport.io/workload', 'checkout",destination_workload=~".+'],
    ['meshport.io/workload', `c${'x'.repeat(5000)}`],
    ['kiali.io/namespace', 'shop"}'],
    ['argocd/app-name', 'checkout-prod/../../settings'],
  ];

  it.each(hostile)(
    'rejects %s = %j with an InputError and no upstream call',
    async (key, value) => {
      const entity = component('hostile', {
        ...checkout.metadata.annotations,
        [key]: value,
      });
      const { server, readTree } = await start({ entities: [entity] });
      for (const path of ['status', 'signals']) {
        const res = await request(server)
          .get(`/api/service-mesh/entities/component/default/hostile/${path}`)
          .set('Authorization', user());
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain(`in annotation ${key}`);
      }
      expect(upstreams.requests).toEqual([]);
      expect(readTree).not.toHaveBeenCalled();
    },
  );

  it('validates request parameters with zod', async () => {
    const { server } = await start();
    const badRange = await request(server)
      .get(
        '/api/service-mesh/entities/component/default/checkout/signals?range=1y',
      )
      .set('Authorization', user());
    expect(badRange.status).toBe(400);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/signals',
      'get',
      400,
      badRange.body,
    );
    expect(badRange.body.error.message).toMatch(/^Invalid query: range: /);
    const badRevision = await request(server)
      .get(
        '/api/service-mesh/entities/component/default/checkout/argocd/prod/applications/checkout-prod/revisions/..%2Fx/metadata',
      )
      .set('Authorization', user());
    expect(badRevision.status).toBe(400);
    expect(badRevision.body.error.message).toMatch(/Invalid revision/);
    const badInstance = await request(server)
      .post(
        '/api/service-mesh/entities/component/default/checkout/argocd/Prod!/applications/checkout-prod/sync',
      )
      .set('Authorization', user());
    expect(badInstance.status).toBe(400);
    expect(badInstance.body.error.message).toMatch(
      /instance: not a valid Argo CD instance name/,
    );
    expect(upstreams.requests.filter(r => r.method === 'POST')).toEqual([]);
  });

  it('caches and coalesces: 100 concurrent identical requests make one call per upstream endpoint', async () => {
    const { server, readTree } = await start();
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        request(server).get(STATUS).set('Authorization', user()),
      ),
    );
    expect(responses.every(r => r.status === 200)).toBe(true);
    const perEndpoint = () => {
      const counts: Record<string, number> = {};
      for (const r of upstreams.requests) {
        const u = new URL(r.url);
        const key = `${r.method} ${u.origin}${u.pathname}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    };
    const first = perEndpoint();
    expect(first).toEqual({
      'GET https://argocd-prod.test/api/v1/applications': 1,
      'GET https://argocd-staging.test/api/v1/applications': 1,
      'GET https://argocd-prod.test/api/v1/applications/checkout-prod/resource-tree': 1,
      'GET https://argocd-staging.test/api/v1/applications/checkout-staging/resource-tree': 1,
      'GET https://kiali.test/kiali/api/status': 1,
      'GET https://kiali.test/kiali/api/mesh/tls': 1,
      'GET https://kiali.test/kiali/api/clusters/tls': 1,
      'GET https://kiali.test/kiali/api/clusters/health': 1,
      'GET https://kiali.test/kiali/api/namespaces/shop/workloads/checkout': 1,
      'GET https://kiali.test/kiali/api/namespaces/shop-staging/workloads/checkout': 1,
      // 7 golden-signal queries and the mTLS query; the shared traffic query is asked by both batches.
      [`${upstreams.requests.find(r => r.url.includes('prometheus'))!.method} https://prometheus.test/api/v1/query`]: 9,
    });
    expect(readTree).toHaveBeenCalledTimes(1);
    // A second request within the TTL is served from the cache.
    const again = await request(server)
      .get(STATUS)
      .set('Authorization', user());
    expect(again.status).toBe(200);
    expect(perEndpoint()).toEqual(first);
    expect(readTree).toHaveBeenCalledTimes(1);
  });

  it('answers within the deadline when an upstream hangs, and one failing source fails nothing else', async () => {
    upstreams.server.use(
      http.get(`${UPSTREAMS.argoStaging.url}/api/v1/applications`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
      http.get(`${UPSTREAMS.kiali.url}/api/clusters/tls`, () =>
        HttpResponse.json(
          { message: `kiali broke; token ${UPSTREAMS.kiali.token}` },
          { status: 500 },
        ),
      ),
      http.get(`${UPSTREAMS.prometheus.baseUrl}/api/v1/query`, () =>
        HttpResponse.json({}, { status: 401 }),
      ),
      http.post(`${UPSTREAMS.prometheus.baseUrl}/api/v1/query`, () =>
        HttpResponse.json({}, { status: 401 }),
      ),
    );
    const lines: string[] = [];
    const { server } = await start({
      logLines: lines,
      config: upstreamConfig({ deadlineMs: 2000 }),
    });
    const started = Date.now();
    const res = await request(server).get(STATUS).set('Authorization', user());
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    // The hang is infinite: answering at all proves the deadline; the margin absorbs a loaded machine.
    expect(took).toBeLessThan(5000);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/status',
      'get',
      200,
      res.body,
    );
    const envs = res.body.environments;
    // The failed instance still shows up, named after the instance.
    expect(envs.map((e: any) => [e.name, e.argocd.state])).toEqual([
      ['staging', 'timeout'],
      ['prod', 'ok'],
    ]);
    const [failed, prod] = envs;
    expect(failed.argocd.message).toBe(
      'Argo CD instance "staging" timed out: no answer within 1000 ms (GET https://argocd-staging.test/api/v1/applications)',
    );
    expect(prod.mtls.reported).toMatchObject({
      source: 'kiali',
      state: 'bad-answer',
    });
    expect(prod.mtls.reported.message).toContain('kiali broke; token ***');
    expect(prod.signals).toMatchObject({
      source: 'prometheus',
      state: 'unauthorized',
    });
    expect(prod.mtls.declared.state).toBe('ok');
    expect(prod.mtls.verdict).toBe('strict');
    const everything = JSON.stringify(res.body) + lines.join('\n');
    for (const token of ALL_TOKENS) expect(everything).not.toContain(token);
  });

  it('a hanging Kiali costs its own timeout once: the version lookup does not hold back the other calls', async () => {
    upstreams.server.use(
      http.get(`${UPSTREAMS.kiali.url}/*`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    // Kiali times out after 1000 ms. Were its TLS call started only after the version lookup had
    // timed out, the 1800 ms request deadline would cut it off first.
    const { server } = await start({
      config: upstreamConfig({ deadlineMs: 1800 }),
    });
    const res = await request(server).get(STATUS).set('Authorization', user());
    expect(res.status).toBe(200);
    const prod = res.body.environments.find((e: any) => e.name === 'prod');
    expect(prod.mtls.reported.state).toBe('timeout');
    expect(prod.mtls.reported.message).toContain('no answer within 1000 ms');
    expect(prod.argocd.state).toBe('ok');
    expect(prod.signals.state).toBe('ok');
  });

  it('reports not-configured sources and still answers with only Git', async () => {
    const { server } = await start({ config: { serviceMesh: {} } });
    const res = await request(server).get(STATUS).set('Authorization', user());
    expect(res.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/status',
      'get',
      200,
      res.body,
    );
    const [env] = res.body.environments;
    expect(env).toMatchObject({
      name: 'default',
      namespace: 'shop',
      workload: 'checkout',
    });
    expect(env.argocd).toEqual({
      source: 'argocd',
      state: 'not-configured',
      message:
        'Argo CD is not configured: add serviceMesh.argocd.instances to the backend config',
    });
    expect(env.mtls.reported.state).toBe('not-configured');
    expect(env.signals.state).toBe('not-configured');
    expect(env.mtls.verdict).toBe('strict');
    expect(env.links).toEqual([]);
    expect(upstreams.requests).toEqual([]);
  });

  it('serves signals with deploy marks from the Argo CD history', async () => {
    jest.useFakeTimers({
      now: new Date('2026-11-26T16:30:00Z'),
      doNotFake: [
        'setTimeout',
        'setImmediate',
        'clearTimeout',
        'nextTick',
        'queueMicrotask',
        'performance',
      ],
    });
    try {
      const { server } = await start();
      const res = await request(server)
        .get(
          '/api/service-mesh/entities/component/default/checkout/signals?environment=prod&range=24h',
        )
        .set('Authorization', user());
      expect(res.status).toBe(200);
      expectMatchesOpenApi(
        '/entities/{kind}/{namespace}/{name}/signals',
        'get',
        200,
        res.body,
      );
      expect(res.body.environment).toBe('prod');
      expect(res.body.signals.data.range).toBe('24h');
      expect(res.body.signals.data.deploys).toEqual([
        {
          at: '2026-11-26T09:12:03Z',
          revision: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
        },
        {
          at: '2026-11-26T15:58:31Z',
          revision: '9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
        },
      ]);
      const missing = await request(server)
        .get(
          '/api/service-mesh/entities/component/default/checkout/signals?environment=qa',
        )
        .set('Authorization', user());
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe(
        'component:default/checkout has no environment "qa" (its environments: "staging:argocd/checkout-staging", "prod:argocd/checkout-prod")',
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps two Argo CD instances apart when both deploy an application of the same name (issue 12, defect 8)', async () => {
    // The staging instance deploys its own checkout-prod: same name and app namespace as prod's, to
    // another cluster and namespace, with its own history.
    const west = fixtures.checkoutProd();
    west.spec.destination = { name: 'west', namespace: 'shop-west' } as any;
    for (const r of west.status.resources) r.namespace = 'shop-west';
    west.status.history = [
      {
        ...west.status.history[1],
        revision: '0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b',
        deployedAt: '2026-11-26T12:00:00Z',
        id: 7,
      },
    ];
    const queries: string[] = [];
    const range = ({ request: req }: { request: Request }) => {
      const p = new URL(req.url).searchParams;
      const query = p.get('query')!;
      queries.push(query);
      // Each namespace has its own traffic: a mixed-up environment shows the other's number.
      const value = query.includes('"shop-west"') ? '7' : '99';
      return HttpResponse.json({
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [{ metric: {}, values: [[Number(p.get('end')), value]] }],
        },
      });
    };
    upstreams.server.use(
      http.get(`${UPSTREAMS.argoStaging.url}/api/v1/applications`, () =>
        HttpResponse.json({ metadata: {}, items: [west] }),
      ),
      http.get(
        `${UPSTREAMS.argoStaging.url}/api/v1/applications/checkout-prod/resource-tree`,
        () => HttpResponse.json({ nodes: [] }),
      ),
      http.get(`${UPSTREAMS.prometheus.baseUrl}/api/v1/query_range`, range),
    );
    jest.useFakeTimers({
      now: new Date('2026-11-26T16:30:00Z'),
      doNotFake: [
        'setTimeout',
        'setImmediate',
        'clearTimeout',
        'nextTick',
        'queueMicrotask',
        'performance',
      ],
    });
    try {
      const { server } = await start();
      const status = await request(server)
        .get(STATUS)
        .set('Authorization', user());
      expect(status.status).toBe(200);
      expect(
        status.body.environments.map((e: any) => [
          e.id,
          e.name,
          e.instance,
          e.argocd.instance,
          e.cluster ?? null,
          e.namespace,
        ]),
      ).toEqual([
        ['prod:argocd/checkout-prod', 'prod', 'prod', 'prod', null, 'shop'],
        [
          'staging:argocd/checkout-prod',
          'prod',
          'staging',
          'staging',
          'west',
          'shop-west',
        ],
      ]);

      const overview = await request(server)
        .get('/api/service-mesh/overview')
        .set('Authorization', user());
      expect(overview.status).toBe(200);
      expect(
        overview.body.rows.map((r: any) => [
          r.id,
          r.environment,
          r.instance,
          r.cluster ?? null,
          r.namespace,
        ]),
      ).toEqual([
        ['prod:argocd/checkout-prod', 'prod', 'prod', null, 'shop'],
        [
          'staging:argocd/checkout-prod',
          'prod',
          'staging',
          'west',
          'shop-west',
        ],
      ]);

      // By name, "prod" is ambiguous; by id, the second one is picked.
      const ambiguous = await request(server)
        .get(
          '/api/service-mesh/entities/component/default/checkout/signals?environment=prod',
        )
        .set('Authorization', user());
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.error.message).toBe(
        'component:default/checkout has 2 environments named "prod": pick one by id ("prod:argocd/checkout-prod", "staging:argocd/checkout-prod")',
      );
      queries.length = 0;
      const signals = await request(server)
        .get(
          `/api/service-mesh/entities/component/default/checkout/signals?environment=${encodeURIComponent('staging:argocd/checkout-prod')}&range=24h`,
        )
        .set('Authorization', user());
      expect(signals.status).toBe(200);
      expect(signals.body.environment).toBe('prod');
      expect(signals.body.environmentId).toBe('staging:argocd/checkout-prod');
      expect(signals.body.signals.data.deploys).toEqual([
        {
          at: '2026-11-26T12:00:00Z',
          revision: '0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b',
        },
      ]);
      expect(signals.body.signals.data.series.requestsPerSecond.at(-1)).toEqual(
        [Date.parse('2026-11-26T16:20:00Z') / 1000, 7],
      );
      expect(queries).toHaveLength(7);
      for (const q of queries) expect(q).toContain('"shop-west"');
    } finally {
      jest.useRealTimers();
    }
  });

  it('loads revision metadata for one revision', async () => {
    const { server } = await start();
    const res = await request(server)
      .get(
        '/api/service-mesh/entities/component/default/checkout/argocd/prod/applications/checkout-prod/revisions/9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d/metadata',
      )
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/argocd/{instance}/applications/{app}/revisions/{revision}/metadata',
      'get',
      200,
      res.body,
    );
    expect(res.body).toEqual({
      revision: '9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
      author: 'Alice Example <alice@example.com>',
      date: '2026-11-26T15:40:12Z',
      message: 'checkout: send 10% of traffic to v2',
      tags: ['v1.8.1'],
    });
    expect(
      upstreams.count(
        `${UPSTREAMS.argoProd.url}/api/v1/applications/checkout-prod/revisions/`,
      ),
    ).toBe(1);
  });

  it('builds the overview from a constant number of upstream calls, only for entities the caller may read', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      component(`svc-${i}`, {
        'meshport.io/workload': `svc-${i}`,
        'backstage.io/kubernetes-namespace': 'shop',
      }),
    );
    const hidden = component('hidden', { 'meshport.io/workload': 'hidden' });
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn(async (_req, { credentials }) => ({
        items:
          (credentials.principal as any).userEntityRef === 'user:default/mock'
            ? [checkout, ...many]
            : [hidden],
      })) as any,
    });
    const { server } = await startTestBackend({
      features: [
        serviceMeshPlugin,
        mockServices.rootConfig.factory({ data: upstreamConfig() }),
        catalog.factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      ],
    });
    const res = await request(server)
      .get('/api/service-mesh/overview')
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expectMatchesOpenApi('/overview', 'get', 200, res.body);
    expect(res.body.rows).toHaveLength(32);
    expect(
      res.body.rows.some(
        (r: any) => r.entityRef === 'component:default/hidden',
      ),
    ).toBe(false);
    expect(
      res.body.rows.filter(
        (r: any) => r.entityRef === 'component:default/checkout',
      ),
    ).toEqual([
      expect.objectContaining({
        environment: 'staging',
        namespace: 'shop-staging',
        sync: 'OutOfSync',
        health: 'Degraded',
        mtls: 'partial',
      }),
      expect.objectContaining({
        environment: 'prod',
        namespace: 'shop',
        sync: 'Synced',
        health: 'Progressing',
        mtls: 'strict',
        requestsPerSecond: 10,
        errorRatio: 0.05,
        latencyP99Ms: 95,
      }),
    ]);
    expect(
      res.body.sources.map((s: any) => [s.source, s.instance ?? null, s.state]),
    ).toEqual([
      ['argocd', 'prod', 'ok'],
      ['argocd', 'staging', 'ok'],
      ['prometheus', null, 'ok'],
      ['kiali', null, 'ok'],
    ]);
    // One list per Argo CD instance, Kiali's TLS of the namespaces with its mesh-wide TLS and its
    // version (which endpoints it has), the overview's four PromQL over all namespaces (traffic, 5xx,
    // p99, mutual TLS): 2 + 3 + 4.
    expect(upstreams.requests).toHaveLength(9);
    expect(
      upstreams.requests.filter(r =>
        r.url.startsWith(`${UPSTREAMS.prometheus.baseUrl}/api/v1/query`),
      ),
    ).toHaveLength(4);
    expect(
      upstreams.count(`${UPSTREAMS.argoProd.url}/api/v1/applications`),
    ).toBe(1);
    expect(upstreams.count(`${UPSTREAMS.kiali.url}/api/clusters/tls`)).toBe(1);
  });

  it("keeps each caller's catalog view for that caller's token: the overview and the mesh graph share one catalog read, another caller gets its own", async () => {
    const hidden = component('hidden', { 'meshport.io/workload': 'hidden' });
    const getEntities = jest.fn(async (_req, { credentials }) => ({
      items:
        (credentials.principal as any).userEntityRef === 'user:default/mock'
          ? [checkout]
          : [hidden],
    }));
    const catalog = catalogServiceMock.mock({ getEntities } as any);
    const { server } = await startTestBackend({
      features: [
        serviceMeshPlugin,
        mockServices.rootConfig.factory({
          data: upstreamConfig({ catalogViewTtlSeconds: 60 }),
        }),
        catalog.factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      ],
    });
    const rowsOf = async (header: string) => {
      const res = await request(server)
        .get('/api/service-mesh/overview')
        .set('Authorization', header);
      expect(res.status).toBe(200);
      return [...new Set(res.body.rows.map((r: any) => r.entityRef))];
    };
    expect(await rowsOf(user())).toEqual(['component:default/checkout']);
    const graph = await request(server)
      .get('/api/service-mesh/graph?environment=prod')
      .set('Authorization', user());
    expect(graph.status).toBe(200);
    expect(graph.body.environments).toEqual(['staging', 'prod']);
    expect(getEntities).toHaveBeenCalledTimes(1);
    // Another caller, within the first one's TTL: its own read, its own entities.
    const other = mockCredentials.user.header('user:default/other');
    expect(await rowsOf(other)).toEqual(['component:default/hidden']);
    expect(await rowsOf(user())).toEqual(['component:default/checkout']);
    expect(getEntities).toHaveBeenCalledTimes(2);
    expect(
      getEntities.mock.calls.map(
        ([, { credentials }]) => (credentials.principal as any).userEntityRef,
      ),
    ).toEqual(['user:default/mock', 'user:default/other']);
  });

  it('serves diagnostics behind their permission', async () => {
    upstreams.server.use(
      http.get(`${UPSTREAMS.argoStaging.url}/api/version`, () =>
        HttpResponse.json({ message: 'no' }, { status: 403 }),
      ),
    );
    const { server } = await start({
      permissions: name =>
        name === 'service-mesh.diagnostics.read'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    });
    const res = await request(server)
      .get('/api/service-mesh/diagnostics')
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expectMatchesOpenApi('/diagnostics', 'get', 200, res.body);
    expect(
      res.body.entries.map((e: any) => [
        e.source,
        e.instance,
        e.state,
        e.version ?? null,
      ]),
    ).toEqual([
      ['argocd', 'prod', 'ok', 'v3.1.5+cfeed49'],
      ['argocd', 'staging', 'unauthorized', null],
      ['kiali', 'kiali', 'ok', 'v2.17.0'],
      ['prometheus', 'prometheus', 'ok', '3.5.0'],
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(
      new RegExp(ALL_TOKENS.join('|')),
    );

    const { server: denied } = await start({
      permissions: () => AuthorizeResult.DENY,
    });
    const refused = await request(denied)
      .get('/api/service-mesh/diagnostics')
      .set('Authorization', user());
    expect(refused.status).toBe(403);
  });
});
