import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { FAULTS, closedPort } from '../../__testUtils__/upstreams/faults';
import { kialiHandlers, UPSTREAMS } from '../../__testUtils__/upstreams';
import { UpstreamError } from '../upstream';
import { KialiClient, kialiVersion } from './KialiClient';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const kiali = new KialiClient({
  ...UPSTREAMS.kiali,
  consoleUrl: UPSTREAMS.kiali.url,
  timeoutMs: 1000,
});

describe('KialiClient', () => {
  it('reads the TLS status of a set of namespaces in one call', async () => {
    server.use(...kialiHandlers());
    const urls: string[] = [];
    server.events.on('request:start', ({ request }) => {
      urls.push(request.url);
    });
    const tls = await kiali.clustersTls(['shop-staging', 'shop']);
    server.events.removeAllListeners();
    expect(urls).toEqual([
      'https://kiali.test/kiali/api/clusters/tls?namespaces=shop%2Cshop-staging',
    ]);
    expect(tls).toEqual([
      {
        namespace: 'shop',
        cluster: 'Kubernetes',
        status: 'MTLS_ENABLED',
        autoMTLSEnabled: true,
        minTLS: 'N/A',
      },
      {
        namespace: 'shop-staging',
        cluster: 'Kubernetes',
        status: 'MTLS_PARTIALLY_ENABLED',
        autoMTLSEnabled: true,
        minTLS: 'N/A',
      },
    ]);
  });

  it('reads workload health, the workload and the version', async () => {
    server.use(...kialiHandlers());
    const health = await kiali.workloadHealth(['shop', 'shop-staging']);
    expect(
      health.namespaceWorkloadHealth?.['shop-staging']?.checkout
        ?.workloadStatus,
    ).toEqual({
      name: 'checkout',
      desiredReplicas: 2,
      currentReplicas: 2,
      availableReplicas: 2,
      syncedProxies: 1,
    });
    const workload = await kiali.workload('shop', 'checkout');
    expect(workload.istioSidecar).toBe(true);
    expect(kialiVersion(await kiali.status())).toBe('v2.17.0');
  });

  it('rejects answers that do not have the upstream shape', async () => {
    server.use(
      http.get('https://kiali.test/kiali/api/clusters/tls', () =>
        HttpResponse.json({ status: 'MTLS_ENABLED' }),
      ),
      http.get(
        'https://kiali.test/kiali/api/namespaces/shop/workloads/checkout',
        () => HttpResponse.json({ name: 'checkout' }),
      ),
    );
    await expect(kiali.clustersTls(['shop'])).rejects.toThrow(
      'not a list of { namespace, status }',
    );
    await expect(kiali.workload('shop', 'checkout')).rejects.toThrow(
      'no boolean "istioSidecar"',
    );
  });

  describe.each(FAULTS)('on $name', fault => {
    it(`fails with state ${fault.state}, never showing the token`, async () => {
      const port = await closedPort();
      const url = fault.handler
        ? 'https://kiali-fault.test/kiali'
        : `http://127.0.0.1:${port}/kiali`;
      if (fault.handler)
        server.use(fault.handler(`${url}/*`, 'kiali-fault-token'));
      const client = new KialiClient({
        url,
        consoleUrl: url,
        token: 'kiali-fault-token',
        timeoutMs: 200,
      });
      const error = await client.clustersTls(['shop']).catch(e => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.state).toBe(fault.state);
      expect(error.source).toBe('kiali');
      expect(error.message).toMatch(fault.message);
      expect(error.message).not.toContain('kiali-fault-token');
    });
  });
});

describe('KialiClient in a named cluster', () => {
  it("sends Kiali's clusterName on every endpoint, the pre-1.81 per-namespace ones included", async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${UPSTREAMS.kiali.url}/api/*`, ({ request }) => {
        urls.push(request.url.replace(`${UPSTREAMS.kiali.url}/`, ''));
        const path = new URL(request.url).pathname;
        if (path.endsWith('/workloads/details-v1')) {
          return HttpResponse.json({ name: 'details-v1', istioSidecar: true });
        }
        if (path.endsWith('/tls')) {
          return HttpResponse.json(
            path.includes('clusters')
              ? [{ namespace: 'bookinfo', status: 'MTLS_ENABLED' }]
              : { status: 'MTLS_ENABLED' },
          );
        }
        return HttpResponse.json({});
      }),
    );
    await kiali.clustersTls(['bookinfo'], 'cluster-east');
    await kiali.workloadHealth(['bookinfo'], 'cluster-east');
    await kiali.namespaceTls('bookinfo', 'cluster-east');
    await kiali.namespaceWorkloadHealth('bookinfo', 'cluster-east');
    await kiali.meshTls('cluster-east');
    await kiali.workload('bookinfo', 'details-v1', 'cluster-east');
    await kiali.namespaceTls('bookinfo');
    expect(urls).toEqual([
      'api/clusters/tls?namespaces=bookinfo&clusterName=cluster-east',
      'api/clusters/health?namespaces=bookinfo&type=workload&rateInterval=10m&clusterName=cluster-east',
      'api/namespaces/bookinfo/tls?clusterName=cluster-east',
      'api/namespaces/bookinfo/health?type=workload&rateInterval=10m&clusterName=cluster-east',
      'api/mesh/tls?clusterName=cluster-east',
      'api/namespaces/bookinfo/workloads/details-v1?health=true&clusterName=cluster-east',
      // Without a cluster (one cluster), as before.
      'api/namespaces/bookinfo/tls',
    ]);
  });
});
