import { screen } from '@testing-library/react';
import { checkoutStatus, sandboxStatus } from '../../__fixtures__/status';
import {
  region,
  renderTab,
  setupEntityTab,
} from '../../__testUtils__/entityTab';

// The tab labels the sandbox's simulated data, and only that.
const { serveStatus, serveSignals } = setupEntityTab();

describe('EntityServiceMeshContent', () => {
  describe('sandbox', () => {
    it('labels sandbox data', async () => {
      serveStatus(sandboxStatus);
      await renderTab();
      await region('prod');
      expect(screen.getAllByText('Sandbox data').length).toBeGreaterThanOrEqual(
        3,
      );
    });

    it('does not label real data as sandbox', async () => {
      serveStatus(checkoutStatus);
      serveSignals();
      await renderTab();
      await region('prod');
      await screen.findAllByText(/Requests\/s: min/);
      expect(screen.queryByText('Sandbox data')).not.toBeInTheDocument();
    });
  });
});
