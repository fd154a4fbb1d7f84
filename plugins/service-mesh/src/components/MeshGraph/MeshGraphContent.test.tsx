import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MeshGraphResponse } from '@meshport/plugin-service-mesh-common';
import { largeMeshGraph, meshGraph } from '../../__fixtures__/topology';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { ServiceMeshOverviewPage } from '../ServiceMeshOverviewPage/ServiceMeshOverviewPage';
import { MeshGraphContent } from './MeshGraphContent';

const server = setupServer();
registerMswTestHooks(server);

/** Serves `answer(query)` and records each query string. */
function serveGraph(answer: (query: URLSearchParams) => MeshGraphResponse) {
  const queries: string[] = [];
  server.use(
    http.get(`${backendUrl}/graph`, ({ request }) => {
      const url = new URL(request.url);
      queries.push(url.search);
      return HttpResponse.json(answer(url.searchParams));
    }),
  );
  return queries;
}

/** A filter's drop-down, found by its label (role queries over the whole graph page are slow in jsdom). */
const filter = (label: string) =>
  screen.getByLabelText(label, { selector: '[aria-haspopup="listbox"]' });

async function choose(label: string, option: string) {
  await userEvent.click(filter(label));
  await userEvent.click(
    within(await screen.findByRole('listbox')).getByRole('option', {
      name: option,
    }),
  );
}

const nodeIds = () =>
  [...document.querySelectorAll<SVGGElement>('g[data-node-id]')].map(
    g => g.dataset.nodeId,
  );

describe('MeshGraphContent', () => {
  it('draws every workload of the environment, labelling only the problem edges', async () => {
    const queries = serveGraph(() => meshGraph);
    await renderWithApis(<MeshGraphContent />);
    expect(
      await screen.findByText(
        /^8 workloads, 7 edges: 2 with plaintext traffic, 1 above the SLO error ratio\./,
      ),
    ).toBeInTheDocument();
    expect(queries).toEqual(['']);
    await waitFor(() => expect(nodeIds()).toHaveLength(8));
    expect(nodeIds()).toContain('ledger/ledger');
    // Plaintext edges and the payments edge (6.25 % errors) carry labels; healthy ones do not.
    const labels = [
      ...document.querySelectorAll('g[data-testid="label"] text'),
    ].map(t => t.querySelector('tspan')?.textContent);
    expect(labels).toEqual([
      'HTTP 0.5 req/s · 0 % errors',
      'HTTP 8 req/s · 6.25 % errors',
      'gRPC 16 req/s · 1 % errors',
    ]);
    expect(
      document
        .querySelector('a[aria-label^="ledger (ledger)"]')
        ?.getAttribute('href'),
    ).toBe('/catalog/default/component/ledger');
  });

  it('narrows by namespace and owner on the backend, and keeps the owners to choose from', async () => {
    const queries = serveGraph(query => {
      const owner = query.get('owner');
      if (!owner) return meshGraph;
      const data = meshGraph.graph.data!;
      const ids = new Set(
        data.nodes.filter(n => n.owner === owner).map(n => n.id),
      );
      const edges = data.edges.filter(
        e => ids.has(e.source) || ids.has(e.target),
      );
      const ends = new Set(edges.flatMap(e => [e.source, e.target]));
      return {
        ...meshGraph,
        graph: {
          ...meshGraph.graph,
          data: { nodes: data.nodes.filter(n => ends.has(n.id)), edges },
        },
      };
    });
    await renderWithApis(<MeshGraphContent />);
    await screen.findByText(/^8 workloads, 7 edges/);

    await choose('Namespace', 'ledger');
    await waitFor(() => expect(queries).toEqual(['', '?namespace=ledger']));
    await choose('Owner', 'finance');
    expect(
      await screen.findByText(/^2 workloads, 1 edges: 0 with plaintext/),
    ).toBeInTheDocument();
    expect(queries).toEqual([
      '',
      '?namespace=ledger',
      '?namespace=ledger&owner=group%3Adefault%2Ffinance',
    ]);
    // The owner list still offers every owner of the environment.
    await userEvent.click(filter('Owner'));
    expect(
      within(await screen.findByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All', 'checkout-team', 'finance', 'payments-team', 'web-team']);
  });

  // The labelling of a 200-service mesh is graphModel's (graphModel.test.ts); drawn here at 50.
  it('renders a large mesh with every workload named and linked, labelling only its problem edges', async () => {
    serveGraph(() => largeMeshGraph(50));
    await renderWithApis(<MeshGraphContent />);
    expect(
      await screen.findByText(
        /^50 workloads, 80 edges: 4 with plaintext traffic, 2 above the SLO error ratio\./,
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(nodeIds()).toHaveLength(50));
    const names = [
      ...document.querySelectorAll('g[data-node-id] tspan:first-child'),
    ].map(t => t.textContent);
    expect(new Set(names).size).toBe(50);
    expect(document.querySelectorAll('svg a[href^="/catalog/"]')).toHaveLength(
      50,
    );
    // Only the 4 problem edges are labelled (the 2 failing ones also carry plaintext traffic).
    expect(document.querySelectorAll('g[data-testid="label"]')).toHaveLength(4);
  });

  it("shows Prometheus' problem and the backend's error", async () => {
    serveGraph(() => ({
      ...meshGraph,
      graph: {
        source: 'prometheus',
        state: 'timeout',
        message: 'prometheus: no answer within 5000 ms',
      },
    }));
    const first = await renderWithApis(<MeshGraphContent />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Prometheus: Timed out — prometheus: no answer within 5000 ms',
    );
    first.unmount();
    server.use(
      http.get(`${backendUrl}/graph`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'Unknown environment qa' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await renderWithApis(<MeshGraphContent />);
    expect(
      await screen.findByText(/Could not load the mesh graph/),
    ).toBeInTheDocument();
  });

  it('is the second tab of the overview page', async () => {
    server.use(
      http.get(`${backendUrl}/overview`, () =>
        HttpResponse.json({
          sandbox: true,
          rows: [],
          sources: [],
          generatedAt: '2026-11-26T10:00:00.000Z',
        }),
      ),
    );
    serveGraph(() => ({ ...meshGraph, sandbox: true }));
    await renderWithApis(<ServiceMeshOverviewPage />);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Mesh graph' }),
    );
    expect(
      await screen.findByText(/^8 workloads, 7 edges/),
    ).toBeInTheDocument();
    expect(screen.getByText('Sandbox data')).toBeInTheDocument();
  });
});
