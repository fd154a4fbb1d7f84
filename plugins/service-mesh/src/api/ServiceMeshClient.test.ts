import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  checkoutStatus,
  overview,
  prodSignalsResponse,
} from '../__fixtures__/status';
import {
  checkoutTopology,
  checkoutTraces,
  meshGraph,
} from '../__fixtures__/topology';
import { ServiceMeshClient } from './ServiceMeshClient';

const server = setupServer();
registerMswTestHooks(server);

const base = 'http://localhost:7007/api/service-mesh';
const entity = { kind: 'Component', namespace: 'default', name: 'checkout' };
const client = new ServiceMeshClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: new MockFetchApi(),
});

describe('ServiceMeshClient', () => {
  it('reads the status of an entity from its ref parts', async () => {
    server.use(
      http.get(`${base}/entities/Component/default/checkout/status`, () =>
        HttpResponse.json(checkoutStatus),
      ),
    );
    await expect(client.getStatus(entity)).resolves.toEqual(checkoutStatus);
  });

  it('passes environment and range to the signals route', async () => {
    let url: URL | undefined;
    server.use(
      http.get(
        `${base}/entities/Component/default/checkout/signals`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(prodSignalsResponse);
        },
      ),
    );
    await expect(
      client.getSignals(entity, { environment: 'prod', range: '6h' }),
    ).resolves.toEqual(prodSignalsResponse);
    expect(url?.searchParams.get('environment')).toBe('prod');
    expect(url?.searchParams.get('range')).toBe('6h');
  });

  it('addresses revision metadata by instance, app and revision, with the app namespace', async () => {
    let url: URL | undefined;
    server.use(
      http.get(
        `${base}/entities/Component/default/checkout/argocd/main/applications/checkout-prod/revisions/9f1c2d3/metadata`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json({ revision: '9f1c2d3', author: 'Jane Doe' });
        },
      ),
    );
    await expect(
      client.getRevisionMetadata(
        entity,
        { instance: 'main', app: 'checkout-prod', appNamespace: 'argocd' },
        '9f1c2d3',
      ),
    ).resolves.toEqual({ revision: '9f1c2d3', author: 'Jane Doe' });
    expect(url?.searchParams.get('appNamespace')).toBe('argocd');
  });

  it('POSTs refresh and sync', async () => {
    const methods: string[] = [];
    server.use(
      http.post(
        `${base}/entities/Component/default/checkout/argocd/main/applications/checkout-prod/:action`,
        ({ request, params }) => {
          methods.push(`${request.method} ${params.action}`);
          return HttpResponse.json({
            instance: 'main',
            app: 'checkout-prod',
            action: params.action,
            result: params.action === 'sync' ? 'Running' : 'OutOfSync',
          });
        },
      ),
    );
    const app = { instance: 'main', app: 'checkout-prod' };
    await expect(client.refreshApplication(entity, app)).resolves.toMatchObject(
      {
        action: 'refresh',
        result: 'OutOfSync',
      },
    );
    await expect(client.syncApplication(entity, app)).resolves.toMatchObject({
      action: 'sync',
      result: 'Running',
    });
    expect(methods).toEqual(['POST refresh', 'POST sync']);
  });

  it('reads the overview in one call', async () => {
    server.use(http.get(`${base}/overview`, () => HttpResponse.json(overview)));
    await expect(client.getOverview()).resolves.toEqual(overview);
  });

  it('passes environment and range to the topology route', async () => {
    let url: URL | undefined;
    server.use(
      http.get(
        `${base}/entities/Component/default/checkout/topology`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(checkoutTopology);
        },
      ),
    );
    await expect(
      client.getTopology(entity, { environment: 'prod', range: '24h' }),
    ).resolves.toEqual(checkoutTopology);
    expect(url?.search).toBe('?environment=prod&range=24h');
  });

  it('passes the environment to the traces route', async () => {
    let url: URL | undefined;
    server.use(
      http.get(
        `${base}/entities/Component/default/checkout/traces`,
        ({ request }) => {
          url = new URL(request.url);
          return HttpResponse.json(checkoutTraces);
        },
      ),
    );
    await expect(
      client.getTraces(entity, { environment: 'prod' }),
    ).resolves.toEqual(checkoutTraces);
    expect(url?.search).toBe('?environment=prod');
  });

  it('asks for the mesh graph with only the filters that are set, encoded', async () => {
    const searches: string[] = [];
    server.use(
      http.get(`${base}/graph`, ({ request }) => {
        searches.push(new URL(request.url).search);
        return HttpResponse.json(meshGraph);
      }),
    );
    await expect(client.getMeshGraph()).resolves.toEqual(meshGraph);
    await client.getMeshGraph({
      environment: 'prod',
      namespace: '',
      owner: 'group:default/team a&b',
    });
    expect(searches).toEqual([
      '',
      '?environment=prod&owner=group%3Adefault%2Fteam+a%26b',
    ]);
  });

  it("throws a ResponseError carrying the backend's reason", async () => {
    server.use(
      http.get(`${base}/entities/Component/default/checkout/status`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Annotation argocd/app-selector is not a valid label selector',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(client.getStatus(entity)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: {
        name: 'InputError',
        message: 'Annotation argocd/app-selector is not a valid label selector',
      },
    });
  });
});
