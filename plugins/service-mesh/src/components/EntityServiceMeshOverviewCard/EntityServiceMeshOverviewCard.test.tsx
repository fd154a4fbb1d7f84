import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  checkoutEntity,
  checkoutStatus,
  plainEntity,
  sandboxStatus,
} from '../../__fixtures__/status';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { EntityServiceMeshOverviewCard } from './EntityServiceMeshOverviewCard';

const server = setupServer();
registerMswTestHooks(server);

const statusUrl = `${backendUrl}/entities/Component/default/checkout/status`;

const rowOf = (env: string) =>
  within(screen.getByRole('row', { name: new RegExp(`^${env} `) }));

describe('EntityServiceMeshOverviewCard', () => {
  it('shows one row per environment linking to the tab', async () => {
    server.use(http.get(statusUrl, () => HttpResponse.json(checkoutStatus)));
    await renderWithApis(<EntityServiceMeshOverviewCard />, {
      entity: checkoutEntity,
    });
    await screen.findByRole('table', { name: 'Service mesh per environment' });

    const prod = rowOf('prod');
    expect(prod.getByRole('link', { name: 'prod' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/service-mesh#service-mesh-env-prod',
    );
    expect(prod.getByTitle('Sync: OutOfSync')).toBeInTheDocument();
    expect(prod.getByTitle('Health: Degraded')).toBeInTheDocument();
    expect(prod.getByText('mTLS partial')).toBeInTheDocument();
    expect(prod.getByTitle('Error ratio 3.1 %: Above SLO')).toHaveTextContent(
      '3.1 %',
    );
    expect(prod.getByTitle('p99 latency 640 ms: Above SLO')).toHaveTextContent(
      '640 ms',
    );

    const dev = rowOf('dev');
    expect(dev.getByText('Argo CD unreachable')).toBeInTheDocument();
    expect(dev.getByText('mTLS off')).toBeInTheDocument();
    expect(dev.getByTitle('Error ratio no data: No data')).toBeInTheDocument();
    expect(screen.getByText('Open the Service Mesh tab')).toBeInTheDocument();
  });

  it('judges against configured SLOs', async () => {
    server.use(http.get(statusUrl, () => HttpResponse.json(checkoutStatus)));
    await renderWithApis(<EntityServiceMeshOverviewCard />, {
      entity: checkoutEntity,
      config: { serviceMesh: { slo: { errorRatio: 0.1, latencyP99Ms: 2000 } } },
    });
    await screen.findByRole('table', { name: 'Service mesh per environment' });
    expect(
      rowOf('prod').getByTitle('Error ratio 3.1 %: Within SLO'),
    ).toBeInTheDocument();
    expect(
      rowOf('prod').getByTitle('p99 latency 640 ms: Within SLO'),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading', async () => {
    server.use(http.get(statusUrl, () => delay('infinite')));
    await renderWithApis(<EntityServiceMeshOverviewCard />, {
      entity: checkoutEntity,
    });
    expect(
      screen.getByLabelText('Loading service mesh status'),
    ).toBeInTheDocument();
    expect(screen.getByText('Service mesh')).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    server.use(
      http.get(statusUrl, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'You may not read component:default/checkout',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderWithApis(<EntityServiceMeshOverviewCard />, {
      entity: checkoutEntity,
    });
    expect(
      await screen.findByText(/Could not load the service mesh status/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/You may not read component:default\/checkout/)
        .length,
    ).toBeGreaterThan(0);
  });

  it('labels sandbox data', async () => {
    server.use(http.get(statusUrl, () => HttpResponse.json(sandboxStatus)));
    await renderWithApis(<EntityServiceMeshOverviewCard />, {
      entity: checkoutEntity,
    });
    expect(await screen.findByText('Sandbox data')).toBeInTheDocument();
  });

  it('shows the annotations to add on an entity without them', async () => {
    await renderWithApis(<EntityServiceMeshOverviewCard />, {
      entity: plainEntity,
    });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
  });
});
