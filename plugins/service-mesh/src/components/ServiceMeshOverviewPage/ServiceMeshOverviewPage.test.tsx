import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { overview } from '../../__fixtures__/status';
import { setupOverviewPage } from '../../__testUtils__/overviewPage';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { ServiceMeshOverviewPage } from './ServiceMeshOverviewPage';

// The page's rows, sorting, sources and states; its filters: ServiceMeshOverviewPage.filters.test.tsx.
const { server, serveOverview, serviceOrder, rowOf } = setupOverviewPage();

describe('ServiceMeshOverviewPage', () => {
  it('shows one row per service and environment from a single call, with what needs attention', async () => {
    const calls = serveOverview();
    await renderWithApis(<ServiceMeshOverviewPage />);
    expect(await screen.findByText('Services (4 of 4)')).toBeInTheDocument();
    expect(calls()).toBe(1);
    expect(
      screen.getByText(
        /4 deployments: 1 out of sync, 1 not strict mTLS, 1 burning errors \(above 1 %\)/,
      ),
    ).toBeInTheDocument();

    const payments = rowOf('Payments');
    expect(payments.getByText('Burning errors')).toBeInTheDocument();
    expect(payments.getByText('8.7 %')).toBeInTheDocument();
    const catalog = rowOf('Product catalog API');
    expect(catalog.getByText('Out of sync')).toBeInTheDocument();
    expect(catalog.getByText('OutOfSync')).toBeInTheDocument();
    const recommendations = rowOf('Recommendations');
    expect(recommendations.getByText('Not strict')).toBeInTheDocument();
    expect(recommendations.getByText('no Argo CD')).toBeInTheDocument();
    const checkout = rowOf('Checkout');
    expect(checkout.getByText('OK', { selector: 'span' })).toBeInTheDocument();
    expect(screen.getByText('Checkout', { selector: 'a' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout',
    );
  });

  it('sorts by error ratio', async () => {
    serveOverview();
    await renderWithApis(<ServiceMeshOverviewPage />);
    await screen.findByText('Services (4 of 4)');
    await userEvent.click(
      screen.getByText('Error ratio', { selector: '[role="button"]' }),
    );
    expect(serviceOrder()).toEqual([
      'Recommendations',
      'Product catalog API',
      'Checkout',
      'Payments',
    ]);
    await userEvent.click(
      screen.getByText('Error ratio', { selector: '[role="button"]' }),
    );
    expect(serviceOrder()).toEqual([
      'Payments',
      'Checkout',
      'Product catalog API',
      'Recommendations',
    ]);
  });

  it('names the sources that did not answer', async () => {
    serveOverview({
      ...overview,
      sources: [
        { source: 'argocd', instance: 'main', state: 'ok', data: null },
        {
          source: 'prometheus',
          instance: 'main',
          state: 'timeout',
          message: 'Prometheus instance "main" did not answer within 5000 ms',
        },
      ],
    });
    await renderWithApis(<ServiceMeshOverviewPage />);
    expect(
      await screen.findByText('Prometheus (main): Timed out'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/did not answer within 5000 ms/),
    ).toBeInTheDocument();
    expect(screen.getByText('Services (4 of 4)')).toBeInTheDocument();
  });

  it('says which sources answered from their last good data, how old it is and why', async () => {
    const fetchedAt = new Date(Date.now() - 4 * 60_000 - 5_000).toISOString();
    serveOverview({
      ...overview,
      sources: [
        {
          source: 'argocd',
          instance: 'main',
          state: 'ok',
          data: null,
          message:
            'Argo CD instance "main" timed out: no answer within 5000 ms',
          stale: { fetchedAt, reason: 'Argo CD instance "main" not answering' },
        },
      ],
    });
    await renderWithApis(<ServiceMeshOverviewPage />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Argo CD (main): as of 4 min ago (Argo CD instance "main" not answering) — the last good answer is shown.',
    );
    // The rows are still there, from the last good answer.
    expect(screen.getByText('Services (4 of 4)')).toBeInTheDocument();
  });

  it('labels sandbox data', async () => {
    serveOverview({ ...overview, sandbox: true });
    await renderWithApis(<ServiceMeshOverviewPage />);
    expect(await screen.findByText('Sandbox data')).toBeInTheDocument();
  });

  it('says what to do when there is no meshed service', async () => {
    serveOverview({ ...overview, rows: [] });
    await renderWithApis(<ServiceMeshOverviewPage />);
    expect(
      await screen.findByText(/No meshed service you may see/),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading', async () => {
    server.use(http.get(`${backendUrl}/overview`, () => delay('infinite')));
    await renderWithApis(<ServiceMeshOverviewPage />);
    expect(screen.getByLabelText('Loading mesh overview')).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    server.use(
      http.get(`${backendUrl}/overview`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'AuthenticationError',
              message: 'Missing credentials',
            },
            response: { statusCode: 401 },
          },
          { status: 401 },
        ),
      ),
    );
    await renderWithApis(<ServiceMeshOverviewPage />);
    expect(
      await screen.findByText(/Could not load the mesh overview/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Missing credentials/).length).toBeGreaterThan(
      0,
    );
  });
});
