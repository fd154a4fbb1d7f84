/*
 * The mesh overview page's tests: msw serving `/overview`, and lookups of the table's rows and filters.
 */
import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { overview } from '../__fixtures__/status';
import { backendUrl } from './render';

/** Lookups by label and text, not by role and name: naming every button and link of the table for
 * each query (jsdom computes each one's style up the tree) was most of the page test's time. */
export function setupOverviewPage() {
  const server = setupServer();
  registerMswTestHooks(server);

  function serveOverview(body = overview) {
    let calls = 0;
    server.use(
      http.get(`${backendUrl}/overview`, () => {
        calls += 1;
        return HttpResponse.json(body);
      }),
    );
    return () => calls;
  }

  /** Service titles in the order the table shows them. */
  function serviceOrder(): string[] {
    return screen
      .getAllByRole('row')
      .slice(1)
      .map(row => within(row).queryAllByRole('link')[0]?.textContent ?? '')
      .filter(Boolean);
  }

  /** The row of a service, by the text of its link. */
  const rowOf = (title: string) =>
    within(screen.getByText(title, { selector: 'a' }).closest('tr')!);

  async function choose(label: string, option: string) {
    const select = screen.getByLabelText(label, {
      selector: '[aria-haspopup="listbox"]',
    });
    await userEvent.click(select);
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByRole('option', {
        name: option,
      }),
    );
  }

  return { server, serveOverview, serviceOrder, rowOf, choose };
}
