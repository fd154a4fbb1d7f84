import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { overview } from '../../__fixtures__/status';
import { setupOverviewPage } from '../../__testUtils__/overviewPage';
import { renderWithApis } from '../../__testUtils__/render';
import { ServiceMeshOverviewPage } from './ServiceMeshOverviewPage';

// The overview table's owner, namespace and state filters and its text filter: that each filters the
// table (which rows each filter keeps: overviewRows.test.ts); the rest of the page is tested in
// ServiceMeshOverviewPage.test.tsx.
const { serveOverview, serviceOrder, choose } = setupOverviewPage();

describe('ServiceMeshOverviewPage filters', () => {
  it('filters by owner, namespace and state', async () => {
    serveOverview();
    await renderWithApis(<ServiceMeshOverviewPage />);
    await screen.findByText('Services (4 of 4)');

    await choose('Owner', 'checkout-team');
    expect(screen.getByText('Services (2 of 4)')).toBeInTheDocument();
    expect(serviceOrder().sort()).toEqual(['Checkout', 'Product catalog API']);

    await choose('State', 'OK');
    expect(serviceOrder()).toEqual(['Checkout']);

    await choose('Namespace', 'shop-staging');
    expect(screen.getByText('Services (0 of 4)')).toBeInTheDocument();
  });

  it("finds a service by its title or its entity's name in the table's filter", async () => {
    // An entity without a title: its row shows (and is found by) the entity reference.
    const untitled = {
      ...overview,
      rows: overview.rows.map(row =>
        row.title === 'Recommendations' ? { ...row, title: undefined } : row,
      ),
    };
    serveOverview(untitled);
    await renderWithApis(<ServiceMeshOverviewPage />);
    await screen.findByText('Services (4 of 4)');
    const filter = screen.getByPlaceholderText('Filter');
    const untitledRef = overview.rows.find(
      row => row.title === 'Recommendations',
    )!.entityRef;
    // Pasted, not typed: the table filters again on every keystroke.
    await userEvent.click(filter);
    await userEvent.paste(untitledRef.split('/').pop()!);
    await waitFor(() => expect(serviceOrder()).toHaveLength(1));
    expect(serviceOrder()[0]).toContain(untitledRef.split('/').pop()!);
    await userEvent.clear(filter);
    await userEvent.paste('Payments');
    await waitFor(() => expect(serviceOrder()).toEqual(['Payments']));
  });
});
