import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { EntityTopologyResponse } from '@meshport/plugin-service-mesh-common';
import { checkoutTopology } from '../../__fixtures__/topology';
import {
  backendUrl,
  cellText,
  renderWithApis,
} from '../../__testUtils__/render';
import { TopologySection } from './TopologySection';

const server = setupServer();
registerMswTestHooks(server);

const entityRef = { kind: 'Component', namespace: 'default', name: 'checkout' };

function serveTopology(
  body: EntityTopologyResponse | ((range: string) => EntityTopologyResponse),
) {
  const queries: string[] = [];
  server.use(
    http.get(
      `${backendUrl}/entities/Component/default/checkout/topology`,
      ({ request }) => {
        const url = new URL(request.url);
        queries.push(url.search);
        const range = url.searchParams.get('range')!;
        return HttpResponse.json(
          typeof body === 'function' ? body(range) : body,
        );
      },
    ),
  );
  return queries;
}

const renderSection = () =>
  renderWithApis(<TopologySection entityRef={entityRef} environment="prod" />);

/** The graph node of a workload, by its node id. */
const graphNode = (id: string) =>
  document.querySelector<SVGGElement>(`g[data-node-id="${id}"]`);

describe('TopologySection', () => {
  it('draws callers and dependencies with per-edge numbers, links and the plaintext caller marked', async () => {
    const queries = serveTopology(checkoutTopology);
    await renderSection();
    expect(
      await screen.findByText(
        '3 inbound callers, 3 outbound dependencies in the last 1h.',
      ),
    ).toBeInTheDocument();
    expect(queries).toEqual(['?environment=prod&range=1h']);
    await waitFor(() => expect(graphNode('shop/checkout')).not.toBeNull());

    expect(graphNode('shop/checkout')!.dataset.role).toBe('center');
    expect(graphNode('unknown')!.dataset.role).toBe('plaintext');
    expect(
      [...graphNode('unknown')!.querySelectorAll('tspan')].map(
        t => t.textContent,
      ),
    ).toEqual(['unknown caller', 'outside the mesh', 'plaintext caller']);
    expect(graphNode('external:orders-db.example.com')!.dataset.role).toBe(
      'external',
    );

    // Entities link into the catalog, workloads without one into Kiali, the unknown caller nowhere.
    const links = [...document.querySelectorAll('svg a')].map(a => [
      a.getAttribute('aria-label'),
      a.getAttribute('href'),
      a.getAttribute('target'),
    ]);
    expect(links).toEqual([
      [
        'checkout (shop): Open component:default/checkout in the catalog',
        '/catalog/default/component/checkout',
        null,
      ],
      [
        'istio-ingressgateway (istio-system): Open istio-system/istio-ingressgateway in Kiali',
        'https://kiali.example.com/kiali/console/graph/node/namespaces/istio-system/workloads/istio-ingressgateway',
        '_blank',
      ],
      [
        'frontend (shop): Open component:default/frontend in the catalog',
        '/catalog/default/component/frontend',
        null,
      ],
      [
        'payments (shop): Open component:default/payments in the catalog',
        '/catalog/default/component/payments',
        null,
      ],
      [
        'inventory (shop): Open component:default/inventory in the catalog',
        '/catalog/default/component/inventory',
        null,
      ],
    ]);

    const labels = [
      ...document.querySelectorAll('g[data-testid="label"] text'),
    ].map(text =>
      [...text.querySelectorAll('tspan')].map(t => t.textContent).join(' | '),
    );
    expect(labels).toEqual([
      'HTTP 12.5 req/s · 0.2 % errors | p99 180 ms · mTLS 100 %',
      'HTTP 4 req/s · 0 % errors | p99 95.5 ms · mTLS 100 %',
      'HTTP 0.5 req/s · 0 % errors | p99 40 ms · mTLS 0 % | PLAINTEXT',
      'HTTP 8 req/s · 6.25 % errors | p99 1.24 s · mTLS 100 %',
      'gRPC 16 req/s · 1 % errors | p99 22 ms · mTLS 75 % | PLAINTEXT',
      'TCP 0.2 conn/s · 20 KiB/s | mTLS unknown',
    ]);
  });

  it('lists the same edges in a table, with direction, links and the plaintext ones marked', async () => {
    serveTopology(checkoutTopology);
    await renderSection();
    await userEvent.click(await screen.findByRole('button', { name: 'Table' }));
    const table = within(
      await screen.findByRole('region', { name: 'Edges of shop/checkout' }),
    );
    const rows = [...document.querySelectorAll('[role=region] tbody tr')].map(
      row => [...row.querySelectorAll('td')].map(cellText),
    );
    expect(rows).toEqual([
      [
        'Inbound',
        'istio-ingressgateway (istio-system), Opens in a new window',
        'checkout (shop)',
        'HTTP',
        '12.5 req/s',
        'ok:0.2 %',
        '180 ms',
        'mTLS 100 %',
      ],
      [
        'Inbound',
        'frontend (shop)',
        'checkout (shop)',
        'HTTP',
        '4 req/s',
        'ok:0 %',
        '95.5 ms',
        'mTLS 100 %',
      ],
      [
        'Inbound',
        'unknown caller (outside the mesh)',
        'checkout (shop)',
        'HTTP',
        '0.5 req/s',
        'ok:0 %',
        '40 ms',
        'warning:Plaintext · mTLS 0 %',
      ],
      [
        'Outbound',
        'checkout (shop)',
        'payments (shop)',
        'HTTP',
        '8 req/s',
        'error:6.25 %',
        '1.24 s',
        'mTLS 100 %',
      ],
      [
        'Outbound',
        'checkout (shop)',
        'inventory (shop)',
        'gRPC',
        '16 req/s',
        'warning:1 %',
        '22 ms',
        'warning:Plaintext · mTLS 75 %',
      ],
      [
        'Outbound',
        'checkout (shop)',
        'orders-db.example.com (external host)',
        'TCP',
        '0.2 conn/s',
        'n/a',
        'n/a',
        'mTLS unknown',
      ],
    ]);
    // Entities link into the catalog, workloads without one into Kiali, the unknown caller nowhere.
    expect(
      [...table.getByRole('table').querySelectorAll('tbody a')].map(a => [
        a.textContent,
        a.getAttribute('href'),
      ]),
    ).toEqual([
      [
        'istio-ingressgateway (istio-system), Opens in a new window',
        'https://kiali.example.com/kiali/console/graph/node/namespaces/istio-system/workloads/istio-ingressgateway',
      ],
      ['checkout (shop)', '/catalog/default/component/checkout'],
      ['frontend (shop)', '/catalog/default/component/frontend'],
      ['checkout (shop)', '/catalog/default/component/checkout'],
      ['checkout (shop)', '/catalog/default/component/checkout'],
      ['checkout (shop)', '/catalog/default/component/checkout'],
      ['payments (shop)', '/catalog/default/component/payments'],
      ['checkout (shop)', '/catalog/default/component/checkout'],
      ['inventory (shop)', '/catalog/default/component/inventory'],
      ['checkout (shop)', '/catalog/default/component/checkout'],
    ]);
  });

  it('lists the declared-vs-observed findings', async () => {
    serveTopology(checkoutTopology);
    await renderSection();
    const table = await screen.findByRole('table', {
      name: 'Declared vs observed findings',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row => [...row.querySelectorAll('td')].map(cellText)),
    ).toEqual([
      [
        'warning:Warning',
        'calls payments but does not declare it',
        'add component:default/payments to spec.dependsOn',
      ],
      [
        'unknown:Info',
        'declares shipping but no traffic in 7 days',
        'remove component:default/shipping from spec.dependsOn if it is no longer used',
      ],
      [
        'error:Error',
        'called over plaintext by unknown (outside the mesh)',
        'set the PeerAuthentication of namespace shop to STRICT',
      ],
    ]);
  });

  it('reloads for another range', async () => {
    const queries = serveTopology(range => ({
      ...checkoutTopology,
      topology: {
        ...checkoutTopology.topology,
        data: { ...checkoutTopology.topology.data!, range: range as '24h' },
      },
    }));
    await renderSection();
    await screen.findByText(/in the last 1h\.$/);
    await userEvent.click(
      within(
        screen.getByRole('group', { name: 'Topology time range' }),
      ).getByRole('button', { name: 'Last 24 h' }),
    );
    expect(await screen.findByText(/in the last 24h\.$/)).toBeInTheDocument();
    expect(queries).toEqual([
      '?environment=prod&range=1h',
      '?environment=prod&range=24h',
    ]);
  });

  it('says so when there is no traffic, and shows the sandbox label', async () => {
    serveTopology({
      ...checkoutTopology,
      sandbox: true,
      topology: {
        ...checkoutTopology.topology,
        data: { ...checkoutTopology.topology.data!, edges: [], findings: [] },
      },
    });
    await renderSection();
    expect(
      await screen.findByText(
        'No traffic to or from shop/checkout in the last 1h.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Sandbox data')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Every observed dependency is declared, and every declared one has traffic\./,
      ),
    ).toBeInTheDocument();
  });

  it("shows Prometheus' problem, and the backend's error with a retry", async () => {
    serveTopology({
      ...checkoutTopology,
      topology: {
        source: 'prometheus',
        state: 'unreachable',
        message: 'prometheus: connect ECONNREFUSED',
      },
    });
    const first = await renderSection();
    expect(
      await screen.findByText('Prometheus: Unreachable'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/prometheus: connect ECONNREFUSED/),
    ).toBeInTheDocument();
    first.unmount();

    server.use(
      http.get(
        `${backendUrl}/entities/Component/default/checkout/topology`,
        () =>
          HttpResponse.json(
            {
              error: { name: 'InputError', message: 'Unknown environment qa' },
              response: { statusCode: 400 },
            },
            { status: 400 },
          ),
      ),
    );
    await renderSection();
    expect(
      await screen.findByText(/Could not load the topology of prod/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Unknown environment qa/).length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
