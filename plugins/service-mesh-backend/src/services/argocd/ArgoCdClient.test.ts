import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { FAULTS, closedPort } from '../../__testUtils__/upstreams/faults';
import { argoHandlers, UPSTREAMS } from '../../__testUtils__/upstreams';
import { UpstreamError } from '../upstream';
import { ArgoCdClient } from './ArgoCdClient';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const prod = new ArgoCdClient({ ...UPSTREAMS.argoProd, timeoutMs: 1000 });

describe('ArgoCdClient', () => {
  it('lists applications with the selector, project and bearer token', async () => {
    server.use(...argoHandlers());
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      seen.push(request.url);
    });
    const apps = await prod.listApplications({
      selector: 'app.kubernetes.io/name=checkout',
      project: 'shop',
    });
    server.events.removeAllListeners();
    expect(apps.map(a => a.metadata.name)).toEqual(['checkout-prod']);
    expect(seen).toEqual([
      'https://argocd-prod.test/api/v1/applications?selector=app.kubernetes.io%2Fname%3Dcheckout&projects=shop',
    ]);
  });

  it("asks only for the given fields with Argo CD's `fields` parameter", async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        'https://argocd-prod.test/api/v1/applications',
        ({ request }) => {
          seen.push(request.url);
          return HttpResponse.json({
            metadata: {},
            items: [{ metadata: { name: 'checkout-prod' } }],
          });
        },
      ),
    );
    const apps = await prod.listApplications({}, [
      'metadata.name',
      'status.health',
    ]);
    expect(apps).toEqual([{ metadata: { name: 'checkout-prod' } }]);
    expect(seen).toEqual([
      'https://argocd-prod.test/api/v1/applications?fields=items.metadata.name%2Citems.status.health',
    ]);
  });

  it('treats `items: null` as no applications', async () => {
    server.use(...argoHandlers());
    await expect(
      prod.listApplications({ selector: 'app.kubernetes.io/name=nothing' }),
    ).resolves.toEqual([]);
  });

  it('reads the resource tree, revision metadata and version', async () => {
    server.use(...argoHandlers());
    const tree = await prod.resourceTree('checkout-prod', 'argocd');
    expect(
      tree.nodes?.find(n => n.name === 'checkout-v2')?.health?.status,
    ).toBe('Progressing');
    await expect(
      prod.revisionMetadata(
        'checkout-prod',
        '9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
      ),
    ).resolves.toEqual({
      author: 'Alice Example <alice@example.com>',
      date: '2026-11-26T15:40:12Z',
      tags: ['v1.8.1'],
      message: 'checkout: send 10% of traffic to v2',
    });
    await expect(prod.version()).resolves.toMatchObject({
      Version: 'v3.1.5+cfeed49',
    });
  });

  it('asks for a multi-source revision in its own source (sourceIndex, versionId)', async () => {
    server.use(...argoHandlers());
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      seen.push(request.url);
    });
    await prod.revisionMetadata('checkout-prod', 'abc1234', 'argocd', {
      sourceIndex: 1,
      versionId: 7,
    });
    await prod.revisionMetadata('checkout-prod', 'abc1234');
    server.events.removeAllListeners();
    expect(seen).toEqual([
      'https://argocd-prod.test/api/v1/applications/checkout-prod/revisions/abc1234/metadata?appNamespace=argocd&sourceIndex=1&versionId=7',
      'https://argocd-prod.test/api/v1/applications/checkout-prod/revisions/abc1234/metadata',
    ]);
  });

  it('refreshes with refresh=normal and syncs with a JSON body, without prune', async () => {
    const calls: Array<{ url: string; method: string; body?: unknown }> = [];
    server.use(
      http.get(
        'https://argocd-prod.test/api/v1/applications/checkout-prod',
        ({ request }) => {
          calls.push({ url: request.url, method: 'GET' });
          return HttpResponse.json({
            metadata: { name: 'checkout-prod' },
            spec: { destination: {} },
            status: { sync: { status: 'Synced' } },
          });
        },
      ),
      http.post(
        'https://argocd-prod.test/api/v1/applications/checkout-prod/sync',
        async ({ request }) => {
          calls.push({
            url: request.url,
            method: 'POST',
            body: await request.json(),
          });
          return HttpResponse.json({
            metadata: { name: 'checkout-prod' },
            spec: { destination: {} },
            status: { operationState: { phase: 'Running' } },
          });
        },
      ),
    );
    await prod.refresh('checkout-prod', 'argocd');
    await prod.sync('checkout-prod', 'argocd');
    expect(calls).toEqual([
      {
        url: 'https://argocd-prod.test/api/v1/applications/checkout-prod?refresh=normal&appNamespace=argocd',
        method: 'GET',
      },
      {
        url: 'https://argocd-prod.test/api/v1/applications/checkout-prod/sync',
        method: 'POST',
        body: {
          name: 'checkout-prod',
          appNamespace: 'argocd',
          prune: false,
          dryRun: false,
        },
      },
    ]);
  });

  it('rejects a list answer without items as a bad answer', async () => {
    server.use(
      http.get('https://argocd-prod.test/api/v1/applications', () =>
        HttpResponse.json({ apps: [] }),
      ),
    );
    await expect(prod.listApplications({})).rejects.toThrow('no "items"');
  });

  describe.each(FAULTS)('on $name', fault => {
    it(`fails with state ${fault.state}, naming the instance, never the token`, async () => {
      const port = await closedPort();
      const url = fault.handler
        ? 'https://argocd-fault.test'
        : `http://127.0.0.1:${port}`;
      if (fault.handler)
        server.use(fault.handler(`${url}/*`, 'argo-fault-token'));
      const client = new ArgoCdClient({
        name: 'faulty',
        url,
        token: 'argo-fault-token',
        timeoutMs: 200,
      });
      const error = await client
        .listApplications({ selector: 'a=b' })
        .catch(e => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.state).toBe(fault.state);
      expect(error.source).toBe('argocd');
      expect(error.instance).toBe('faulty');
      expect(error.message).toMatch(fault.message);
      expect(error.message).toContain('Argo CD instance "faulty"');
      expect(error.message).not.toContain('argo-fault-token');
    });
  });
});
