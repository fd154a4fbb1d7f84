import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type {
  EntityMeshStatus,
  EnvironmentStatus,
} from '@meshport/plugin-service-mesh-common';
import {
  checkoutEntity,
  checkoutStatus,
  plainEntity,
  prodSignalsResponse,
  sandboxStatus,
} from '../../__fixtures__/status';
import { checkoutTopology, checkoutTraces } from '../../__fixtures__/topology';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { EntityServiceMeshContent } from './EntityServiceMeshContent';

const server = setupServer();
registerMswTestHooks(server);

const entityPath = `${backendUrl}/entities/Component/default/checkout`;

// Every environment also loads its topology and traces (tested beside their components): no edges here.
beforeEach(() =>
  server.use(
    http.get(`${entityPath}/topology`, () =>
      HttpResponse.json({
        ...checkoutTopology,
        topology: {
          ...checkoutTopology.topology,
          data: { ...checkoutTopology.topology.data!, edges: [], findings: [] },
        },
      }),
    ),
    http.get(`${entityPath}/traces`, () =>
      HttpResponse.json({
        ...checkoutTraces,
        traces: {
          ...checkoutTraces.traces,
          data: { ...checkoutTraces.traces.data!, slowest: [], failing: [] },
        },
      }),
    ),
  ),
);
const [prod] = checkoutStatus.environments;

function serveStatus(status: EntityMeshStatus) {
  server.use(http.get(`${entityPath}/status`, () => HttpResponse.json(status)));
}

function serveSignals() {
  const ranges: string[] = [];
  server.use(
    http.get(`${entityPath}/signals`, ({ request }) => {
      const url = new URL(request.url);
      ranges.push(
        `${url.searchParams.get('environment')}:${url.searchParams.get('range')}`,
      );
      return HttpResponse.json({
        ...prodSignalsResponse,
        environment: url.searchParams.get('environment')!,
      });
    }),
  );
  return ranges;
}

function withProd(patch: Partial<EnvironmentStatus>): EntityMeshStatus {
  return { ...checkoutStatus, environments: [{ ...prod, ...patch }] };
}

async function renderTab(options: Parameters<typeof renderWithApis>[1] = {}) {
  await renderWithApis(<EntityServiceMeshContent />, {
    entity: checkoutEntity,
    ...options,
  });
}

const region = (name: string) => screen.findByRole('region', { name });

describe('EntityServiceMeshContent', () => {
  describe('whole tab', () => {
    it('shows the annotations to add when the entity has none, without calling the backend', async () => {
      let called = false;
      server.use(
        http.get(`${backendUrl}/*`, () => {
          called = true;
          return HttpResponse.json({});
        }),
      );
      await renderWithApis(<EntityServiceMeshContent />, {
        entity: plainEntity,
      });
      expect(
        await screen.findByText(/Missing Annotation/i),
      ).toBeInTheDocument();
      expect(
        screen.getAllByText(/meshport\.io\/workload/).length,
      ).toBeGreaterThan(0);
      expect(called).toBe(false);
    });

    it('shows skeleton cards while the status loads', async () => {
      server.use(http.get(`${entityPath}/status`, () => delay('infinite')));
      await renderTab();
      expect(
        screen.getByLabelText('Loading service mesh status'),
      ).toBeInTheDocument();
      expect(screen.getByText('Argo CD')).toBeInTheDocument();
    });

    it("says which part is Kiali's last good answer, how old it is and why, and still shows it", async () => {
      const fetchedAt = new Date(Date.now() - 4 * 60_000 - 5_000).toISOString();
      serveSignals();
      serveStatus(
        withProd({
          mtls: {
            ...prod.mtls,
            reported: {
              ...prod.mtls.reported,
              message: 'Kiali timed out: no answer within 5000 ms',
              stale: { fetchedAt, reason: 'Kiali not answering' },
            },
          },
        }),
      );
      await renderTab();
      const stale = await screen.findByTitle(
        'Kiali timed out: no answer within 5000 ms',
      );
      expect(stale).toHaveTextContent(
        'Kiali (main): as of 4 min ago (Kiali not answering) — the last good answer is shown.',
      );
      // The data itself is still shown.
      expect(
        screen.getAllByText(/MTLS_PARTIALLY_ENABLED/).length,
      ).toBeGreaterThan(0);
    });

    it.each([
      [401, 'AuthenticationError', 'Missing credentials'],
      [403, 'NotAllowedError', 'You may not read component:default/checkout'],
      [404, 'NotFoundError', 'Entity component:default/checkout not found'],
      [
        400,
        'InputError',
        'Annotation argocd/app-selector is not a valid label selector',
      ],
      [500, 'Error', 'Database exploded'],
    ])(
      'shows a %s %s from the status route with its reason',
      async (status, name, message) => {
        server.use(
          http.get(`${entityPath}/status`, () =>
            HttpResponse.json(
              { error: { name, message }, response: { statusCode: status } },
              { status },
            ),
          ),
        );
        await renderTab();
        expect(
          await screen.findByText(/Could not load the service mesh status/),
        ).toBeInTheDocument();
        expect(screen.getAllByText(new RegExp(message)).length).toBeGreaterThan(
          0,
        );
      },
    );

    it('labels sandbox data', async () => {
      serveStatus(sandboxStatus);
      serveSignals();
      await renderTab();
      await region('prod');
      expect(screen.getAllByText('Sandbox data').length).toBeGreaterThanOrEqual(
        3,
      );
    });

    it('does not label real data as sandbox', async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      await region('prod');
      await screen.findAllByText(/Requests\/s: min/);
      expect(screen.queryByText('Sandbox data')).not.toBeInTheDocument();
    });

    it('starts with one row per environment linking to its section', async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      const glance = within(
        await screen.findByRole('table', {
          name: 'Service mesh per environment',
        }),
      );
      expect(glance.getByRole('link', { name: 'prod' })).toHaveAttribute(
        'href',
        '#service-mesh-env-main-argocd-checkout-prod',
      );
      expect(glance.getByRole('link', { name: 'dev' })).toHaveAttribute(
        'href',
        '#service-mesh-env-dev',
      );
      const prodRow = within(glance.getByRole('row', { name: /^prod / }));
      expect(prodRow.getByTitle('Sync: OutOfSync')).toBeInTheDocument();
      expect(
        prodRow.getByTitle('Error ratio 3.1 %: Above SLO'),
      ).toBeInTheDocument();
      const devRow = within(glance.getByRole('row', { name: /^dev / }));
      expect(devRow.getByText('Argo CD unreachable')).toBeInTheDocument();
      expect(screen.getByRole('heading', { name: 'prod' })).toHaveAttribute(
        'id',
        'service-mesh-env-main-argocd-checkout-prod',
      );
    });

    it('shows no summary table for a single environment', async () => {
      serveStatus(withProd({}));
      serveSignals();
      await renderTab();
      await region('prod');
      expect(
        screen.queryByRole('table', { name: 'Service mesh per environment' }),
      ).not.toBeInTheDocument();
    });

    it('keeps the last status on screen when a reload fails, and says why', async () => {
      let calls = 0;
      server.use(
        http.get(`${entityPath}/status`, () => {
          calls += 1;
          return calls === 1
            ? HttpResponse.json(withProd({}))
            : HttpResponse.json(
                {
                  error: { name: 'Error', message: 'Catalog unavailable' },
                  response: { statusCode: 503 },
                },
                { status: 503 },
              );
        }),
      );
      serveSignals();
      await renderTab();
      await region('prod');
      await userEvent.click(
        screen.getByRole('button', { name: 'Reload status' }),
      );
      expect(
        await screen.findByText(
          /Could not reload the service mesh status; showing the previous one/,
        ),
      ).toBeInTheDocument();
      expect(screen.getAllByText(/Catalog unavailable/).length).toBeGreaterThan(
        0,
      );
      expect(
        within(await region('prod')).getByTitle('Sync: OutOfSync'),
      ).toBeInTheDocument();
      expect(calls).toBe(2);
    });

    it('says so when no environment was found', async () => {
      serveStatus({ ...checkoutStatus, environments: [] });
      await renderTab();
      expect(
        await screen.findByText(/No environment found/),
      ).toBeInTheDocument();
    });
  });

  describe('Argo CD section', () => {
    it('shows sync, health, linked revision, last sync, the failed operation and unhealthy resources', async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      const env = within(await region('prod'));
      expect(env.getByTitle('Sync: OutOfSync')).toHaveTextContent('OutOfSync');
      expect(env.getByTitle('Health: Degraded')).toHaveTextContent('Degraded');
      const sha = env.getAllByText('9f1c2d3')[0];
      expect(sha.closest('a')).toHaveAttribute(
        'href',
        'https://github.com/meshport-examples/checkout/commit/9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b',
      );
      expect(
        env.getByText(/Last sync: 2026-11-26 09:58 UTC/),
      ).toBeInTheDocument();
      expect(
        env.getByText(/Last sync failed: one or more objects failed to apply/),
      ).toBeInTheDocument();
      expect(env.getByText('Deployment/shop/checkout-v2')).toBeInTheDocument();
      expect(
        env.getByText(
          'Deployment "checkout-v2" exceeded its progress deadline',
        ),
      ).toBeInTheDocument();
      expect(env.getByText(/Automated sync: on, prune/)).toBeInTheDocument();
    });

    it("shows an unreachable Argo CD in that environment's section only", async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      const devEnv = within(await region('dev'));
      expect(
        devEnv.getByText(/Argo CD \(main\): Unreachable/),
      ).toBeInTheDocument();
      expect(
        devEnv.getByText(/connect ECONNREFUSED 10\.0\.0\.12:443/),
      ).toBeInTheDocument();
      // The other sections of dev still show.
      expect(devEnv.getByText('Sidecar missing')).toBeInTheDocument();
      expect(
        within(await region('prod')).queryByText(/Unreachable/),
      ).not.toBeInTheDocument();
    });

    it.each([
      [
        'not-configured',
        'Not configured',
        'No Argo CD instance is configured (serviceMesh.argocd)',
      ],
      [
        'not-found',
        'Not found',
        'No application matches argocd/app-selector app.kubernetes.io/name=checkout',
      ],
      [
        'unauthorized',
        'Unauthorized',
        'Argo CD instance "main" answered 401: check serviceMesh.argocd[0].token',
      ],
      [
        'timeout',
        'Timed out',
        'Argo CD instance "main" did not answer within 5000 ms',
      ],
      [
        'bad-answer',
        'Unexpected answer',
        'Argo CD instance "main" answered HTML instead of JSON',
      ],
    ] as const)(
      'shows the %s state with its message',
      async (state, label, message) => {
        serveStatus(
          withProd({
            argocd: { source: 'argocd', instance: 'main', state, message },
          }),
        );
        serveSignals();
        await renderTab();
        const env = within(await region('prod'));
        expect(env.getByText(`Argo CD (main): ${label}`)).toBeInTheDocument();
        expect(
          env.getByText(new RegExp(message.replace(/[()[\]]/g, '\\$&'))),
        ).toBeInTheDocument();
        // mTLS still shows.
        expect(env.getByText('mTLS partial')).toBeInTheDocument();
      },
    );

    it('loads commit metadata only when a history entry is opened', async () => {
      serveStatus(withProd({}));
      serveSignals();
      const requested: string[] = [];
      server.use(
        http.get(
          `${entityPath}/argocd/main/applications/checkout-prod/revisions/:revision/metadata`,
          ({ params, request }) => {
            requested.push(
              `${params.revision}?${new URL(request.url).searchParams.get('appNamespace')}`,
            );
            return HttpResponse.json({
              revision: params.revision,
              author: 'Jane Doe <jane@example.com>',
              date: '2026-11-26T09:50:00Z',
              message: 'Route 10% to checkout v3',
              tags: ['v2.0.1'],
            });
          },
        ),
      );
      await renderTab();
      const env = within(await region('prod'));
      const entry = env.getByRole('button', { name: 'Deployment 42' });
      expect(requested).toEqual([]);
      await userEvent.click(entry);
      expect(
        await env.findByText('Route 10% to checkout v3'),
      ).toBeInTheDocument();
      expect(
        env.getByText(
          /Jane Doe <jane@example.com>, 2026-11-26 09:50 UTC · tags: v2.0.1/,
        ),
      ).toBeInTheDocument();
      expect(requested).toEqual([
        '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b?argocd',
      ]);
    });

    it('shows why commit metadata could not be loaded', async () => {
      serveStatus(withProd({}));
      serveSignals();
      server.use(
        http.get(
          `${entityPath}/argocd/main/applications/checkout-prod/revisions/:revision/metadata`,
          () =>
            HttpResponse.json(
              {
                error: {
                  name: 'NotFoundError',
                  message: 'Revision 4b825dc not found in Argo CD',
                },
                response: { statusCode: 404 },
              },
              { status: 404 },
            ),
        ),
      );
      await renderTab();
      const env = within(await region('prod'));
      await userEvent.click(env.getByRole('button', { name: 'Deployment 41' }));
      expect(
        await env.findByText(
          /Could not load the commit metadata of 4b825dc642cb6eb9a060e54bf8d69288fbee4904/,
        ),
      ).toBeInTheDocument();
      expect(
        env.getAllByText(/Revision 4b825dc not found in Argo CD/).length,
      ).toBeGreaterThan(0);
    });

    it('hides Refresh and Sync from users without the permissions', async () => {
      serveStatus(withProd({}));
      serveSignals();
      await renderTab({ allow: [] });
      const env = within(await region('prod'));
      await env.findByTitle('Sync: OutOfSync');
      // Give the permission checks time to resolve before asserting absence.
      await waitFor(() =>
        expect(
          env.queryByRole('button', { name: 'Refresh' }),
        ).not.toBeInTheDocument(),
      );
      expect(
        env.queryByRole('button', { name: 'Sync' }),
      ).not.toBeInTheDocument();
    });

    it('shows only the action the user may run', async () => {
      serveStatus(withProd({}));
      serveSignals();
      await renderTab({ allow: ['service-mesh.argocd.refresh'] });
      const env = within(await region('prod'));
      expect(
        await env.findByRole('button', { name: 'Refresh' }),
      ).toBeInTheDocument();
      expect(
        env.queryByRole('button', { name: 'Sync' }),
      ).not.toBeInTheDocument();
    });

    it('syncs after confirmation and shows the result', async () => {
      serveStatus(withProd({}));
      serveSignals();
      const posted: string[] = [];
      server.use(
        http.post(
          `${entityPath}/argocd/main/applications/checkout-prod/sync`,
          ({ request }) => {
            posted.push(new URL(request.url).search);
            return HttpResponse.json({
              instance: 'main',
              app: 'checkout-prod',
              action: 'sync',
              result: 'Requested',
              revision: '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b',
              previousStartedAt: '2026-11-26T09:58:02Z',
            });
          },
        ),
      );
      await renderTab({
        allow: ['service-mesh.argocd.sync', 'service-mesh.argocd.refresh'],
      });
      const env = within(await region('prod'));
      await userEvent.click(await env.findByRole('button', { name: 'Sync' }));
      const dialog = await screen.findByRole('dialog');
      expect(
        within(dialog).getByText(
          /Argo CD applies checkout-prod at main to shop, pruning/,
        ),
      ).toBeInTheDocument();
      expect(posted).toEqual([]);
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Confirm sync' }),
      );
      expect(
        await env.findByText(
          'Sync of checkout-prod to 9f1c2d3: requested. Waiting for Argo CD to start it…',
        ),
      ).toBeInTheDocument();
      expect(posted).toEqual(['?appNamespace=argocd']);
    });

    it('does nothing when the confirmation is cancelled', async () => {
      serveStatus(withProd({}));
      serveSignals();
      let posted = false;
      server.use(
        http.post(
          `${entityPath}/argocd/main/applications/checkout-prod/refresh`,
          () => {
            posted = true;
            return HttpResponse.json({});
          },
        ),
      );
      await renderTab();
      const env = within(await region('prod'));
      await userEvent.click(
        await env.findByRole('button', { name: 'Refresh' }),
      );
      await userEvent.click(
        within(await screen.findByRole('dialog')).getByRole('button', {
          name: 'Cancel',
        }),
      );
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      expect(posted).toBe(false);
    });

    it("shows the backend's reason when a refresh is refused", async () => {
      serveStatus(withProd({}));
      serveSignals();
      server.use(
        http.post(
          `${entityPath}/argocd/main/applications/checkout-prod/refresh`,
          () =>
            HttpResponse.json(
              {
                error: {
                  name: 'NotAllowedError',
                  message: 'Missing permission service-mesh.argocd.refresh',
                },
                response: { statusCode: 403 },
              },
              { status: 403 },
            ),
        ),
      );
      await renderTab();
      const env = within(await region('prod'));
      await userEvent.click(
        await env.findByRole('button', { name: 'Refresh' }),
      );
      await userEvent.click(
        within(await screen.findByRole('dialog')).getByRole('button', {
          name: 'Confirm refresh',
        }),
      );
      expect(
        await env.findByText(
          'Refresh of checkout-prod failed: Missing permission service-mesh.argocd.refresh (HTTP 403)',
        ),
      ).toBeInTheDocument();
    });
  });

  describe('mTLS and sidecar section', () => {
    it('shows the verdict, the three sources and the guidance when they disagree', async () => {
      serveStatus(withProd({}));
      serveSignals();
      await renderTab();
      const env = within(await region('prod'));
      expect(env.getByTitle('mTLS verdict: partial')).toHaveTextContent(
        'mTLS partial',
      );
      expect(env.getByText('The sources disagree.')).toBeInTheDocument();
      expect(
        env.getByText(/apply the PeerAuthentication in Git/),
      ).toBeInTheDocument();
      const sources = within(env.getByRole('table', { name: 'mTLS sources' }));
      expect(
        sources.getByText(
          /PeerAuthentication STRICT \(PeerAuthentication\/shop\/default\)/,
        ),
      ).toBeInTheDocument();
      expect(
        sources.getByText(/MTLS_PARTIALLY_ENABLED, auto mTLS on, min TLSV1_2/),
      ).toBeInTheDocument();
      expect(
        sources.getByText('88 % of requests over mutual TLS (42.5 req/s)'),
      ).toBeInTheDocument();
      expect(env.getByText('Sidecar injected')).toBeInTheDocument();
      expect(env.getByText('Kiali: 3/3 proxies synced')).toBeInTheDocument();
    });

    it('shows agreement as a plain sentence', async () => {
      serveStatus(
        withProd({
          mtls: {
            ...prod.mtls,
            verdict: 'strict',
            summary: 'Git, Kiali and traffic agree: mTLS is STRICT.',
            sources: [
              { source: 'git', verdict: 'strict', detail: 'STRICT' },
              { source: 'kiali', verdict: 'strict', detail: 'MTLS_ENABLED' },
              { source: 'traffic', verdict: 'strict', detail: '100%' },
            ],
            disagreement: false,
            reported: {
              ...prod.mtls.reported,
              data: { status: 'MTLS_ENABLED', autoMTLSEnabled: true },
            },
            observed: {
              ...prod.mtls.observed,
              data: { mutualTlsShare: 1, requestsPerSecond: 40 },
            },
          },
        }),
      );
      serveSignals();
      await renderTab();
      const env = within(await region('prod'));
      expect(env.getByText('mTLS strict')).toBeInTheDocument();
      expect(
        env.getByText('Git, Kiali and traffic agree: mTLS is STRICT.'),
      ).toBeInTheDocument();
      expect(env.queryByText('The sources disagree.')).not.toBeInTheDocument();
    });

    it('shows a failed source in its own row, and the missing sidecar with its fix', async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      const env = within(await region('dev'));
      expect(env.getByText('mTLS off')).toBeInTheDocument();
      const sources = within(env.getByRole('table', { name: 'mTLS sources' }));
      expect(sources.getByText('Timed out')).toBeInTheDocument();
      expect(
        sources.getByText(
          /Kiali instance "main" did not answer within 5000 ms/,
        ),
      ).toBeInTheDocument();
      expect(sources.getByText(/No traffic to judge by/)).toBeInTheDocument();
      expect(env.getByText('Sidecar missing')).toBeInTheDocument();
      expect(
        env.getByText(
          'kubectl label namespace shop-dev istio-injection=enabled',
        ),
      ).toBeInTheDocument();
    });

    it('shows an unknown sidecar state', async () => {
      serveStatus(withProd({ sidecar: { injected: null, evidence: [] } }));
      serveSignals();
      await renderTab();
      expect(
        within(await region('prod')).getByText('Sidecar unknown'),
      ).toBeInTheDocument();
    });
  });

  describe('golden signals section', () => {
    it('shows current values against the default SLOs with text, and charts with text equivalents', async () => {
      serveStatus(withProd({}));
      const ranges = serveSignals();
      await renderTab();
      const env = within(await region('prod'));
      const current = within(
        env.getByRole('table', { name: 'Current golden signals' }),
      );
      const row = (name: string) =>
        within(current.getByText(name).closest('tr')!);
      expect(row('Error ratio').getByText('3.1 %')).toBeInTheDocument();
      expect(row('Error ratio').getByText('≤ 1 %')).toBeInTheDocument();
      expect(row('Error ratio').getByText('Above SLO')).toBeInTheDocument();
      expect(row('Latency p99').getByText('640 ms')).toBeInTheDocument();
      expect(row('Latency p99').getByText('Above SLO')).toBeInTheDocument();
      expect(row('CPU saturation').getByText('Within SLO')).toBeInTheDocument();
      expect(
        row('Memory saturation').getByText('Above SLO'),
      ).toBeInTheDocument();
      expect(row('Traffic').getByText('42.5 req/s')).toBeInTheDocument();

      expect(
        await env.findByText(
          /Requests\/s: min 39 req\/s, max 45 req\/s, last 42\.5 req\/s/,
        ),
      ).toBeInTheDocument();
      expect(
        env.getByText(
          /Error ratio: min 0\.1 %, max 3\.4 %, last 3\.1 %\. SLO error ratio: 1 %\. Deploys: 2026-11-26 09:58 UTC \(9f1c2d3\)/,
        ),
      ).toBeInTheDocument();
      expect(
        env.getByText(/p99: min 149 ms, max 650 ms, last 640 ms/),
      ).toBeInTheDocument();
      expect(
        env.getByText(/Memory: min 70 %, max 91 %, last 91 %/),
      ).toBeInTheDocument();
      expect(ranges).toEqual(['main:argocd/checkout-prod:1h']);
    });

    it('uses the SLO thresholds from the frontend config', async () => {
      serveStatus(withProd({}));
      serveSignals();
      await renderTab({
        config: {
          serviceMesh: {
            slo: { errorRatio: 0.05, latencyP99Ms: 1000, saturation: 0.95 },
          },
        },
      });
      const env = within(await region('prod'));
      const current = within(
        env.getByRole('table', { name: 'Current golden signals' }),
      );
      const row = (name: string) =>
        within(current.getByText(name).closest('tr')!);
      expect(row('Error ratio').getByText('≤ 5 %')).toBeInTheDocument();
      expect(row('Error ratio').getByText('Within SLO')).toBeInTheDocument();
      expect(row('Latency p99').getByText('≤ 1 s')).toBeInTheDocument();
      expect(row('Latency p99').getByText('Within SLO')).toBeInTheDocument();
      expect(
        row('Memory saturation').getByText('Near SLO'),
      ).toBeInTheDocument();
    });

    it('reloads the charts for the selected range', async () => {
      serveStatus(withProd({}));
      const ranges = serveSignals();
      await renderTab();
      const env = within(await region('prod'));
      await env.findByText(/Requests\/s: min/);
      // The topology has a range selector of its own.
      const charts = within(env.getByRole('group', { name: 'Time range' }));
      await userEvent.click(charts.getByRole('button', { name: 'Last 7 d' }));
      await waitFor(() =>
        expect(ranges).toEqual([
          'main:argocd/checkout-prod:1h',
          'main:argocd/checkout-prod:7d',
        ]),
      );
      expect(charts.getByRole('button', { name: 'Last 7 d' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
    });

    it('shows skeletons while the charts load, with the current values already there', async () => {
      serveStatus(withProd({}));
      server.use(http.get(`${entityPath}/signals`, () => delay('infinite')));
      await renderTab();
      const env = within(await region('prod'));
      expect(env.getByLabelText('Loading charts')).toBeInTheDocument();
      expect(env.getByText('3.1 %')).toBeInTheDocument();
    });

    it('shows a failed signals call in the charts only; Argo CD and mTLS still show', async () => {
      serveStatus(withProd({}));
      server.use(
        http.get(`${entityPath}/signals`, () =>
          HttpResponse.json(
            {
              error: { name: 'Error', message: 'Prometheus query failed' },
              response: { statusCode: 500 },
            },
            { status: 500 },
          ),
        ),
      );
      await renderTab();
      const env = within(await region('prod'));
      expect(
        await env.findByText(/Could not load the golden signals of prod/),
      ).toBeInTheDocument();
      expect(
        env.getAllByText(/Prometheus query failed/).length,
      ).toBeGreaterThan(0);
      expect(env.getByTitle('Sync: OutOfSync')).toBeInTheDocument();
      expect(env.getByText('mTLS partial')).toBeInTheDocument();
    });

    it('shows a Prometheus source problem from the signals route', async () => {
      serveStatus(withProd({}));
      server.use(
        http.get(`${entityPath}/signals`, () =>
          HttpResponse.json({
            entityRef: 'component:default/checkout',
            environment: 'prod',
            sandbox: false,
            signals: {
              source: 'prometheus',
              state: 'not-configured',
              message:
                'No Prometheus instance is configured (serviceMesh.prometheus)',
            },
          }),
        ),
      );
      await renderTab();
      const env = within(await region('prod'));
      expect(
        await env.findByText('Prometheus: Not configured'),
      ).toBeInTheDocument();
    });

    it('shows why current values are missing', async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      const env = within(await region('dev'));
      expect(env.getByText('Prometheus: Unauthorized')).toBeInTheDocument();
      expect(
        env.getByText(/check serviceMesh\.prometheus\[0\]\.token/),
      ).toBeInTheDocument();
    });
  });

  describe('links and findings', () => {
    it('lists only the configured links', async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      const prodLinks = within(
        within(await region('prod')).getByRole('list', { name: 'Links' }),
      );
      expect(
        prodLinks.getAllByRole('link').map(a => a.getAttribute('href')),
      ).toEqual(prod.links.map(l => l.url));
      expect(prodLinks.getByText('Kiali workload graph')).toBeInTheDocument();
      expect(
        within(await region('dev')).getByText(
          /No Kiali, Argo CD, Grafana, Jaeger or Prometheus links/,
        ),
      ).toBeInTheDocument();
    });

    it('shows each finding with its object and fix', async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      expect(
        await screen.findByText('VirtualService/shop/checkout'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'Route to subset "v3" of host checkout, which no DestinationRule defines',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'Add subset v3 to DestinationRule shop/checkout or route to v1/v2',
        ),
      ).toBeInTheDocument();
    });

    it('says when there are no findings', async () => {
      serveStatus({
        ...checkoutStatus,
        findings: { source: 'git', state: 'ok', data: [] },
      });
      serveSignals();
      await renderTab();
      expect(await screen.findByText('No findings')).toBeInTheDocument();
    });

    it('shows why the manifests could not be analyzed', async () => {
      serveStatus({
        ...checkoutStatus,
        findings: {
          source: 'git',
          state: 'not-found',
          message: 'meshport.io/manifests: no manifests under deploy/ at main',
        },
      });
      serveSignals();
      await renderTab();
      expect(await screen.findByText('Git: Not found')).toBeInTheDocument();
      expect(
        screen.getByText(/no manifests under deploy\/ at main/),
      ).toBeInTheDocument();
    });
  });
});
