import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { EntityTracesResponse } from '@meshport/plugin-service-mesh-common';
import { checkoutTraces } from '../../__fixtures__/topology';
import {
  backendUrl,
  cellText,
  renderWithApis,
} from '../../__testUtils__/render';
import { TraceHotspots } from './TraceHotspots';

const server = setupServer();
registerMswTestHooks(server);

const tracesUrl = `${backendUrl}/entities/Component/default/checkout/traces`;

function serveTraces(body: EntityTracesResponse) {
  const queries: string[] = [];
  server.use(
    http.get(tracesUrl, ({ request }) => {
      queries.push(new URL(request.url).search);
      return HttpResponse.json(body);
    }),
  );
  return queries;
}

const renderTraces = () =>
  renderWithApis(
    <TraceHotspots
      entityRef={{ kind: 'Component', namespace: 'default', name: 'checkout' }}
      environment="prod"
    />,
  );

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => [...row.querySelectorAll('td')].map(cellText));

describe('TraceHotspots', () => {
  it('lists the slowest and the failing traces with their numbers, hotspot and Jaeger links', async () => {
    const queries = serveTraces(checkoutTraces);
    await renderTraces();
    const slowest = await screen.findByRole('table', {
      name: 'Slowest traces',
    });
    expect(queries).toEqual(['?environment=prod']);
    expect(rowsOf(slowest)).toEqual([
      [
        'checkout.shop: POST /checkout, Opens in a new window6f2a1c0e9b8d7a65',
        '2026-11-26 09:41 UTC',
        '2.31 s',
        '14',
        'error:2',
        'payments.shop: POST /charge (1.98 s)',
      ],
      [
        'checkout.shop: GET /cart, Opens in a new window0a1b2c3d4e5f6071',
        '2026-11-26 09:12 UTC',
        '640 ms',
        '9',
        '0',
        'none',
      ],
    ]);
    expect(
      within(slowest).getByRole('link', { name: /checkout\.shop: GET \/cart/ }),
    ).toHaveAttribute(
      'href',
      'https://jaeger.example.com/trace/0a1b2c3d4e5f6071',
    );
    const failing = screen.getByRole('table', { name: 'Failing traces' });
    expect(rowsOf(failing).map(row => row[0])).toEqual([
      'checkout.shop: POST /checkout, Opens in a new window6f2a1c0e9b8d7a65',
    ]);
    expect(
      screen.getByRole('link', { name: /Search all traces/ }),
    ).toHaveAttribute(
      'href',
      'https://jaeger.example.com/search?service=checkout.shop&lookback=1h',
    );
  });

  it('says when there are no traces at all or no failing ones', async () => {
    serveTraces({
      ...checkoutTraces,
      sandbox: true,
      traces: {
        ...checkoutTraces.traces,
        data: { ...checkoutTraces.traces.data!, slowest: [], failing: [] },
      },
    });
    await renderTraces();
    expect(
      await screen.findByText('No traces of checkout.shop in the last hour.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No failing traces in the last hour.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Sandbox data')).toBeInTheDocument();
  });

  it('shows that Jaeger is not configured as information', async () => {
    serveTraces({
      ...checkoutTraces,
      traces: {
        source: 'jaeger',
        state: 'not-configured',
        message: 'No Jaeger instance is configured for environment prod',
      },
    });
    await renderTraces();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Jaeger: Not configured — No Jaeger instance is configured for environment prod',
    );
    expect(alert).toHaveClass('MuiAlert-standardInfo');
  });

  it("shows the backend's error and loads again on Retry", async () => {
    let calls = 0;
    server.use(
      http.get(tracesUrl, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(
              {
                error: { name: 'Error', message: 'Jaeger query timed out' },
                response: { statusCode: 500 },
              },
              { status: 500 },
            )
          : HttpResponse.json(checkoutTraces);
      }),
    );
    await renderTraces();
    expect(
      await screen.findByText(/Could not load the traces of prod/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: 'Slowest traces' }),
    ).toBeInTheDocument();
    expect(calls).toBe(2);
  });
});
