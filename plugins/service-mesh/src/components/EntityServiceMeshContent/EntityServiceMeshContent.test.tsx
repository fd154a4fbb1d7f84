import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { checkoutStatus, plainEntity } from '../../__fixtures__/status';
import {
  entityPath,
  region,
  renderTab,
  setupEntityTab,
  withProd,
} from '../../__testUtils__/entityTab';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { EntityServiceMeshContent } from './EntityServiceMeshContent';

// The tab as a whole: missing annotations, loading, the status route's errors, stale and failed
// reloads. How it lays out environments: EntityServiceMeshContent.environments.test.tsx.
const { server, serveStatus } = setupEntityTab();
const [prod] = checkoutStatus.environments;

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
});
