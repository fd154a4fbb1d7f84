import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { checkoutStatus } from '../../__fixtures__/status';
import {
  entityPath,
  region,
  renderTab,
  setupEntityTab,
  withProd,
} from '../../__testUtils__/entityTab';

// The tab's environments: the summary table, one section per environment with its own cards (the
// sandbox label: EntityServiceMeshContent.sandbox.test.tsx). What each card shows is tested beside its
// component (ArgoCdSection, MtlsSection, SignalsSection, LinksSection, FindingsSection).
const { server, serveStatus } = setupEntityTab();
const [prod] = checkoutStatus.environments;

describe('EntityServiceMeshContent', () => {
  describe('environments', () => {
    it('starts with one row per environment linking to its section', async () => {
      serveStatus(checkoutStatus);
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
      // Each environment is a region named by its heading.
      expect(screen.getByRole('region', { name: 'prod' })).toBe(
        await region('prod'),
      );
      expect(screen.getByRole('region', { name: 'dev' })).toBe(
        await region('dev'),
      );
    });

    it('shows no summary table for a single environment', async () => {
      serveStatus(withProd({}));
      await renderTab();
      await region('prod');
      expect(
        screen.queryByRole('table', { name: 'Service mesh per environment' }),
      ).not.toBeInTheDocument();
    });

    it("shows an unreachable Argo CD in that environment's section only, with its other cards", async () => {
      serveStatus(checkoutStatus);
      await renderTab();
      const devEnv = within(await region('dev'));
      expect(
        devEnv.getByText(/Argo CD \(main\): Unreachable/),
      ).toBeInTheDocument();
      expect(
        devEnv.getByText(/connect ECONNREFUSED 10\.0\.0\.12:443/),
      ).toBeInTheDocument();
      // The other sections of dev still show.
      expect(devEnv.getByText('mTLS off')).toBeInTheDocument();
      expect(devEnv.getByText('Sidecar missing')).toBeInTheDocument();
      expect(devEnv.getByText('Prometheus: Unauthorized')).toBeInTheDocument();
      expect(
        devEnv.getByText(
          /No Kiali, Argo CD, Grafana, Jaeger or Prometheus links/,
        ),
      ).toBeInTheDocument();
      const prodEnv = within(await region('prod'));
      expect(prodEnv.queryByText(/Unreachable/)).not.toBeInTheDocument();
      expect(
        within(prodEnv.getByRole('list', { name: 'Links' }))
          .getAllByRole('link')
          .map(a => a.getAttribute('href')),
      ).toEqual(prod.links.map(l => l.url));
      // The analyzer's findings follow the environments, once.
      expect(screen.getAllByText('VirtualService/shop/checkout')).toHaveLength(
        1,
      );
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
      expect(env.getByText('3.1 %')).toBeInTheDocument();
    });
  });
});
