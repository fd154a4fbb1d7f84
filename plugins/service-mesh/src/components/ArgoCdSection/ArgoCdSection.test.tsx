import { registerMswTestHooks } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type {
  ArgoAppStatus,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import { checkoutStatus } from '../../__fixtures__/status';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { ArgoCdSection } from './ArgoCdSection';

const server = setupServer();
registerMswTestHooks(server);

const entityRef = { kind: 'Component', namespace: 'default', name: 'checkout' };
const [prod, dev] = checkoutStatus.environments;
const appUrl = `${backendUrl}/entities/Component/default/checkout/argocd/main/applications/checkout-prod`;

async function renderSection(
  result: SourceResult<ArgoAppStatus>,
  allow?: string[],
) {
  const onChanged = jest.fn();
  await renderWithApis(
    <ArgoCdSection
      entityRef={entityRef}
      result={result}
      onChanged={onChanged}
    />,
    { allow },
  );
  return onChanged;
}

describe('ArgoCdSection', () => {
  it('lists the history newest first and loads a revision’s commit only when opened', async () => {
    const asked: string[] = [];
    server.use(
      http.get(
        `${appUrl}/revisions/:revision/metadata`,
        ({ params, request }) => {
          asked.push(
            `${params.revision}?${new URL(request.url).searchParams.get('appNamespace')}`,
          );
          return HttpResponse.json({
            revision: params.revision,
            author: 'Jane Doe',
            message: 'Route 10% to v3',
            tags: ['v2.0.1'],
          });
        },
      ),
    );
    await renderSection(prod.argocd);
    const entries = screen.getAllByRole('button', { name: /^Deployment / });
    expect(entries.map(e => e.getAttribute('aria-label'))).toEqual([
      'Deployment 42',
      'Deployment 41',
    ]);
    expect(entries[0]).toHaveTextContent('by jane.doe');
    expect(asked).toEqual([]);

    await userEvent.click(entries[0]);
    expect(await screen.findByText('Route 10% to v3')).toBeInTheDocument();
    expect(screen.getByText('Jane Doe · tags: v2.0.1')).toBeInTheDocument();
    expect(asked).toEqual(['9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b?argocd']);
  });

  it('refreshes after confirmation, shows Argo CD’s answer and reports the change', async () => {
    const posted: string[] = [];
    server.use(
      http.post(`${appUrl}/refresh`, ({ request }) => {
        posted.push(new URL(request.url).search);
        return HttpResponse.json({
          instance: 'main',
          app: 'checkout-prod',
          action: 'refresh',
          result: 'OutOfSync',
        });
      }),
    );
    const onChanged = await renderSection(prod.argocd);
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      screen.getByText('Refresh from Git? (checkout-prod)'),
    ).toBeInTheDocument();
    expect(posted).toEqual([]);
    await userEvent.click(
      screen.getByRole('button', { name: 'Confirm refresh' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Refresh of checkout-prod: OutOfSync',
    );
    expect(posted).toEqual(['?appNamespace=argocd']);
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('shows only the actions the caller may run', async () => {
    await renderSection(prod.argocd, ['service-mesh.argocd.refresh']);
    expect(
      await screen.findByRole('button', { name: 'Refresh' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sync' })).toBeNull();
  });

  it('shows why Argo CD has no data instead of the application', async () => {
    await renderSection(dev.argocd);
    expect(screen.getByText('Argo CD (main): Unreachable')).toBeInTheDocument();
    expect(
      screen.getByText(/connect ECONNREFUSED 10\.0\.0\.12:443/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();
  });
});
