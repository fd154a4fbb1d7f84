import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { checkoutStatus } from '../../__fixtures__/status';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { ArgoCdSection } from './ArgoCdSection';

// Refresh and Sync in the Argo CD card as the entity tab renders it: permissions, confirmation, the
// backend's answer or refusal.
const server = setupServer();
registerMswTestHooks(server);

const entityRef = { kind: 'Component', namespace: 'default', name: 'checkout' };
const [prod] = checkoutStatus.environments;
const appUrl = `${backendUrl}/entities/Component/default/checkout/argocd/main/applications/checkout-prod`;

async function renderCard(allow?: string[]) {
  await renderWithApis(
    <ArgoCdSection
      entityRef={entityRef}
      result={prod.argocd}
      onChanged={() => {}}
      environment="prod"
    />,
    { allow },
  );
}

describe('ArgoCdSection actions', () => {
  it('hides Refresh and Sync from users without the permissions', async () => {
    await renderCard([]);
    expect(screen.getByTitle('Sync: OutOfSync')).toBeInTheDocument();
    // Give the permission checks time to resolve before asserting absence.
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Refresh' }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.queryByRole('button', { name: 'Sync' }),
    ).not.toBeInTheDocument();
  });

  it('shows only the action the user may run', async () => {
    await renderCard(['service-mesh.argocd.refresh']);
    expect(
      await screen.findByRole('button', { name: 'Refresh' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Sync' }),
    ).not.toBeInTheDocument();
  });

  it('syncs after confirmation and shows the result', async () => {
    const posted: string[] = [];
    server.use(
      http.post(`${appUrl}/sync`, ({ request }) => {
        posted.push(new URL(request.url).search);
        return HttpResponse.json({
          instance: 'main',
          app: 'checkout-prod',
          action: 'sync',
          result: 'Requested',
          revision: '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b',
          previousStartedAt: '2026-11-26T09:58:02Z',
        });
      }),
    );
    await renderCard([
      'service-mesh.argocd.sync',
      'service-mesh.argocd.refresh',
    ]);
    await userEvent.click(await screen.findByRole('button', { name: 'Sync' }));
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
      await screen.findByText(
        'Sync of checkout-prod to 9f1c2d3: requested. Waiting for Argo CD to start it…',
      ),
    ).toBeInTheDocument();
    expect(posted).toEqual(['?appNamespace=argocd']);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    let posted = false;
    server.use(
      http.post(`${appUrl}/refresh`, () => {
        posted = true;
        return HttpResponse.json({});
      }),
    );
    await renderCard();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
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
    server.use(
      http.post(`${appUrl}/refresh`, () =>
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
    await renderCard();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Confirm refresh',
      }),
    );
    expect(
      await screen.findByText(
        'Refresh of checkout-prod failed: Missing permission service-mesh.argocd.refresh (HTTP 403)',
      ),
    ).toBeInTheDocument();
  });
});
