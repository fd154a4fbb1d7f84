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

// What the Argo CD card of an environment shows, rendered as the entity tab renders it (the tab's
// own test checks that each environment gets its card).
const server = setupServer();
registerMswTestHooks(server);

const entityRef = { kind: 'Component', namespace: 'default', name: 'checkout' };
const [prod] = checkoutStatus.environments;
const metadataUrl = `${backendUrl}/entities/Component/default/checkout/argocd/main/applications/checkout-prod/revisions/:revision/metadata`;

async function renderCard(result: SourceResult<ArgoAppStatus> = prod.argocd) {
  await renderWithApis(
    <ArgoCdSection
      entityRef={entityRef}
      result={result}
      onChanged={() => {}}
      environment="prod"
    />,
  );
}

describe('ArgoCdSection status', () => {
  it('shows sync, health, linked revision, last sync, the failed operation and unhealthy resources', async () => {
    await renderCard();
    expect(screen.getByTitle('Sync: OutOfSync')).toHaveTextContent('OutOfSync');
    expect(screen.getByTitle('Health: Degraded')).toHaveTextContent('Degraded');
    const sha = screen.getAllByText('9f1c2d3')[0];
    expect(sha.closest('a')).toHaveAttribute(
      'href',
      'https://github.com/meshport-examples/checkout/commit/9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b',
    );
    expect(
      screen.getByText(/Last sync: 2026-11-26 09:58 UTC/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Last sync failed: one or more objects failed to apply/),
    ).toBeInTheDocument();
    expect(screen.getByText('Deployment/shop/checkout-v2')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Deployment "checkout-v2" exceeded its progress deadline',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Automated sync: on, prune/)).toBeInTheDocument();
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
      await renderCard({ source: 'argocd', instance: 'main', state, message });
      expect(screen.getByText(`Argo CD (main): ${label}`)).toBeInTheDocument();
      expect(
        screen.getByText(new RegExp(message.replace(/[()[\]]/g, '\\$&'))),
      ).toBeInTheDocument();
    },
  );

  it('loads commit metadata only when a history entry is opened', async () => {
    const requested: string[] = [];
    server.use(
      http.get(metadataUrl, ({ params, request }) => {
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
      }),
    );
    await renderCard();
    const entry = screen.getByRole('button', { name: 'Deployment 42' });
    expect(requested).toEqual([]);
    await userEvent.click(entry);
    expect(
      await screen.findByText('Route 10% to checkout v3'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Jane Doe <jane@example.com>, 2026-11-26 09:50 UTC · tags: v2.0.1/,
      ),
    ).toBeInTheDocument();
    expect(requested).toEqual([
      '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b?argocd',
    ]);
  });

  it('shows why commit metadata could not be loaded', async () => {
    server.use(
      http.get(metadataUrl, () =>
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
    await renderCard();
    await userEvent.click(
      screen.getByRole('button', { name: 'Deployment 41' }),
    );
    expect(
      await screen.findByText(
        /Could not load the commit metadata of 4b825dc642cb6eb9a060e54bf8d69288fbee4904/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Revision 4b825dc not found in Argo CD/).length,
    ).toBeGreaterThan(0);
  });
});
