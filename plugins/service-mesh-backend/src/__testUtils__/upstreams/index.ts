import type { JsonObject } from '@backstage/types';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import checkoutProd from '../../__fixtures__/argocd/application-checkout-prod.json';
import checkoutStaging from '../../__fixtures__/argocd/application-checkout-staging-multisource.json';
import checkoutProdTree from '../../__fixtures__/argocd/resource-tree-checkout-prod.json';
import revisionMetadata from '../../__fixtures__/argocd/revision-metadata.json';
import argoVersion from '../../__fixtures__/argocd/version.json';
import clustersHealth from '../../__fixtures__/kiali/clusters-health.json';
import clustersTls from '../../__fixtures__/kiali/clusters-tls.json';
import kialiStatus from '../../__fixtures__/kiali/status.json';
import kialiWorkload from '../../__fixtures__/kiali/workload-checkout.json';

/** Upstream base URLs and tokens used by the tests (never real hosts). */
export const UPSTREAMS = {
  argoProd: {
    name: 'prod',
    url: 'https://argocd-prod.test',
    token: 'argo-prod-token-Zq81',
  },
  argoStaging: {
    name: 'staging',
    url: 'https://argocd-staging.test',
    token: 'argo-staging-token-Xw42',
  },
  kiali: { url: 'https://kiali.test/kiali', token: 'kiali-token-Pm77' },
  prometheus: { baseUrl: 'https://prometheus.test', token: 'prom-token-Lk09' },
};

/** Every token of the test config, to assert that none leaks. */
export const ALL_TOKENS = [
  UPSTREAMS.argoProd.token,
  UPSTREAMS.argoStaging.token,
  UPSTREAMS.kiali.token,
  UPSTREAMS.prometheus.token,
];

/** Config for the plugin that points at the msw upstreams. */
export function upstreamConfig(extra: JsonObject = {}): JsonObject {
  return {
    serviceMesh: {
      argocd: {
        instances: [
          { ...UPSTREAMS.argoProd, timeoutMs: 1000 },
          { ...UPSTREAMS.argoStaging, timeoutMs: 1000 },
        ],
      },
      kiali: { ...UPSTREAMS.kiali, timeoutMs: 1000 },
      prometheus: { ...UPSTREAMS.prometheus, timeoutMs: 1000 },
      grafana: { url: 'https://grafana.test' },
      jaeger: { url: 'https://jaeger.test' },
      deadlineMs: 3000,
      ...extra,
    },
  };
}

/** Deep copies of the fixtures, so tests can change them. */
export const fixtures = {
  checkoutProd: () => structuredClone(checkoutProd),
  checkoutStaging: () => structuredClone(checkoutStaging),
  checkoutProdTree: () => structuredClone(checkoutProdTree),
  revisionMetadata: () => structuredClone(revisionMetadata),
  argoVersion: () => structuredClone(argoVersion),
  clustersTls: () => structuredClone(clustersTls),
  clustersHealth: () => structuredClone(clustersHealth),
  kialiWorkload: () => structuredClone(kialiWorkload),
  kialiStatus: () => structuredClone(kialiStatus),
};

function authorized(request: Request, token: string) {
  return request.headers.get('authorization') === `Bearer ${token}`;
}

const unauthorized = () =>
  HttpResponse.json(
    {
      error: 'invalid session: token is malformed',
      code: 16,
      message: 'invalid session: token is malformed',
    },
    { status: 401 },
  );

/**
 * Argo CD: prod holds checkout-prod, staging holds the multi-source checkout-staging. The list honours
 * `selector` (equality requirements) and `name`, as Argo CD does.
 */
export function argoHandlers(): RequestHandler[] {
  const instances = [
    { ...UPSTREAMS.argoProd, apps: [fixtures.checkoutProd()] },
    { ...UPSTREAMS.argoStaging, apps: [fixtures.checkoutStaging()] },
  ];
  return instances.flatMap(instance => [
    http.get(`${instance.url}/api/v1/applications`, ({ request }) => {
      if (!authorized(request, instance.token)) return unauthorized();
      const url = new URL(request.url);
      const selector = url.searchParams.get('selector');
      const name = url.searchParams.get('name');
      const items = instance.apps.filter(app => {
        if (name && app.metadata.name !== name) return false;
        if (!selector) return true;
        return selector.split(',').every(part => {
          const [key, value] = part.split('=');
          return (app.metadata.labels as Record<string, string>)[key] === value;
        });
      });
      return HttpResponse.json({
        metadata: { resourceVersion: '918300' },
        items: items.length ? items : null,
      });
    }),
    http.get(
      `${instance.url}/api/v1/applications/:name/resource-tree`,
      ({ request, params }) => {
        if (!authorized(request, instance.token)) return unauthorized();
        if (!instance.apps.some(a => a.metadata.name === params.name)) {
          return HttpResponse.json(
            {
              error: 'permission denied',
              code: 7,
              message: 'permission denied',
            },
            { status: 403 },
          );
        }
        return HttpResponse.json(
          params.name === 'checkout-prod'
            ? fixtures.checkoutProdTree()
            : { nodes: [] },
        );
      },
    ),
    http.get(
      `${instance.url}/api/v1/applications/:name/revisions/:revision/metadata`,
      ({ request }) => {
        if (!authorized(request, instance.token)) return unauthorized();
        return HttpResponse.json(fixtures.revisionMetadata());
      },
    ),
    http.get(
      `${instance.url}/api/v1/applications/:name`,
      ({ request, params }) => {
        if (!authorized(request, instance.token)) return unauthorized();
        const app = instance.apps.find(a => a.metadata.name === params.name);
        return app
          ? HttpResponse.json(app)
          : HttpResponse.json(
              {
                error: 'permission denied',
                code: 7,
                message: 'permission denied',
              },
              { status: 403 },
            );
      },
    ),
    http.post(
      `${instance.url}/api/v1/applications/:name/sync`,
      async ({ request, params }) => {
        if (!authorized(request, instance.token)) return unauthorized();
        const app = structuredClone(
          instance.apps.find(a => a.metadata.name === params.name)!,
        ) as any;
        // As Argo CD does: only `.operation` is set; operationState is still the previous operation's.
        app.operation = {
          sync: {
            revision: app.status.sync.revision,
            syncStrategy: { hook: {} },
          },
          initiatedBy: { username: 'meshport' },
          retry: {},
        };
        return HttpResponse.json(app);
      },
    ),
    http.get(`${instance.url}/api/version`, ({ request }) => {
      if (!authorized(request, instance.token)) return unauthorized();
      return HttpResponse.json(fixtures.argoVersion());
    }),
  ]);
}

/** Kiali answering for shop and shop-staging. */
export function kialiHandlers(): RequestHandler[] {
  const base = UPSTREAMS.kiali.url;
  const guard = (request: Request) =>
    authorized(request, UPSTREAMS.kiali.token)
      ? undefined
      : HttpResponse.json({ error: 'Unauthorized' }, { status: 401 });
  return [
    http.get(`${base}/api/clusters/tls`, ({ request }) => {
      const namespaces = new URL(request.url).searchParams
        .get('namespaces')!
        .split(',');
      return (
        guard(request) ??
        HttpResponse.json(
          fixtures.clustersTls().filter(s => namespaces.includes(s.namespace)),
        )
      );
    }),
    // Kiali's mesh-wide status without a root-namespace policy, as the community Kiali plugin captured it.
    http.get(
      `${base}/api/mesh/tls`,
      ({ request }) =>
        guard(request) ??
        HttpResponse.json({
          status: 'MTLS_NOT_ENABLED',
          autoMTLSEnabled: true,
          minTLS: 'N/A',
        }),
    ),
    http.get(
      `${base}/api/clusters/health`,
      ({ request }) =>
        guard(request) ?? HttpResponse.json(fixtures.clustersHealth()),
    ),
    http.get(
      `${base}/api/namespaces/:ns/workloads/:wl`,
      ({ request, params }) => {
        const denied = guard(request);
        if (denied) return denied;
        const workload = fixtures.kialiWorkload();
        return HttpResponse.json({
          ...workload,
          namespace: params.ns as string,
        });
      },
    ),
    http.get(
      `${base}/api/status`,
      ({ request }) =>
        guard(request) ?? HttpResponse.json(fixtures.kialiStatus()),
    ),
  ];
}

/** A sample for every workload of the entity under test in the query's label scheme. */
function samples(query: string, value: string) {
  const istio = query.includes('destination_workload');
  return ['shop', 'shop-staging'].map(ns => ({
    metric: istio
      ? { destination_workload_namespace: ns, destination_workload: 'checkout' }
      : { namespace: ns, workload: 'checkout' },
    value: [1764172800, value],
  }));
}

/** The value the fake Prometheus answers for each kind of golden-signal query. */
export function prometheusValue(query: string): string {
  if (query.includes('response_code')) return '0.5';
  if (query.includes('connection_security_policy')) return '10';
  if (query.startsWith('histogram_quantile(0.5,')) return '12';
  if (query.startsWith('histogram_quantile(0.95,')) return '48';
  if (query.startsWith('histogram_quantile(0.99,')) return '95';
  if (query.includes('cpu')) return '0.25';
  if (query.includes('memory')) return '0.5';
  return '10';
}

/** Prometheus' HTTP API answering every golden-signal query with fixed values. */
export function prometheusHandlers(): RequestHandler[] {
  const base = UPSTREAMS.prometheus.baseUrl;
  const params = async (request: Request) =>
    request.method === 'POST'
      ? new URLSearchParams(await request.text())
      : new URL(request.url).searchParams;
  const instant = async ({ request }: { request: Request }) => {
    const query = (await params(request)).get('query')!;
    return HttpResponse.json({
      status: 'success',
      data: {
        resultType: 'vector',
        result: samples(query, prometheusValue(query)),
      },
    });
  };
  const range = async ({ request }: { request: Request }) => {
    const p = await params(request);
    const query = p.get('query')!;
    const start = Number(p.get('start'));
    const step = Number(p.get('step'));
    return HttpResponse.json({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [start, prometheusValue(query)],
              [start + step, prometheusValue(query)],
            ],
          },
        ],
      },
    });
  };
  return [
    http.get(`${base}/api/v1/query`, instant),
    http.post(`${base}/api/v1/query`, instant),
    http.get(`${base}/api/v1/query_range`, range),
    http.post(`${base}/api/v1/query_range`, range),
    http.get(`${base}/api/v1/status/buildinfo`, () =>
      HttpResponse.json({
        status: 'success',
        data: { version: '3.5.0', revision: 'abc', branch: 'HEAD' },
      }),
    ),
  ];
}

/** msw option: requests to the backend under test (loopback) pass; any other unknown request fails the test. */
export function onlyUpstreams(
  request: Request,
  print: { error(): void },
): void {
  if (new URL(request.url).hostname !== '127.0.0.1') print.error();
}

/** An msw server with every upstream, recording each request it receives. */
export function setupUpstreams() {
  const server = setupServer(
    ...argoHandlers(),
    ...kialiHandlers(),
    ...prometheusHandlers(),
  );
  const requests: Array<{
    method: string;
    url: string;
    authorization: string | null;
  }> = [];
  server.events.on('request:start', ({ request }) => {
    // The test's own calls to the backend under test are not upstream calls.
    if (new URL(request.url).hostname === '127.0.0.1') return;
    requests.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.get('authorization'),
    });
  });
  return {
    server,
    requests,
    /** Requests whose URL starts with `prefix` (origin + path, query ignored). */
    count(prefix: string, method = 'GET') {
      return requests.filter(
        r =>
          r.method === method &&
          `${new URL(r.url).origin}${new URL(r.url).pathname}`.startsWith(
            prefix,
          ),
      ).length;
    },
  };
}

/**
 * The fake upstreams for one test file: listening for the whole file (refusing any other host but the
 * backend's own), handlers reset and recorded requests cleared after each test.
 */
export function useUpstreams() {
  const upstreams = setupUpstreams();
  beforeAll(() =>
    upstreams.server.listen({ onUnhandledRequest: onlyUpstreams }),
  );
  afterEach(() => {
    upstreams.server.resetHandlers();
    upstreams.requests.length = 0;
  });
  afterAll(() => upstreams.server.close());
  return upstreams;
}
