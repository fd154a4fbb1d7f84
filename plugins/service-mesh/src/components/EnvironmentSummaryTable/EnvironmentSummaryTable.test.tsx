import { screen, within } from '@testing-library/react';
import { checkoutStatus } from '../../__fixtures__/status';
import { cellText, renderWithApis } from '../../__testUtils__/render';
import { EnvironmentSummaryTable } from './EnvironmentSummaryTable';

/** Each cell of one environment's row. */
const cellsOf = (env: string) =>
  within(screen.getByRole('row', { name: new RegExp(`^${env} `) }))
    .getAllByRole('cell')
    .map(cellText);

describe('EnvironmentSummaryTable', () => {
  it('shows one row per environment with sync, health, mTLS and the judged signals', async () => {
    await renderWithApis(
      <EnvironmentSummaryTable
        environments={checkoutStatus.environments}
        renderName={env => <em>{env.name}</em>}
      />,
    );
    const table = screen.getByRole('table', {
      name: 'Service mesh per environment',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Environment', 'Sync', 'Health', 'mTLS', 'Error ratio', 'p99']);
    expect(cellsOf('prod')).toEqual([
      'prod',
      'warning:OutOfSync',
      'error:Degraded',
      'warning:mTLS partial',
      'error:3.1 %',
      'error:640 ms',
    ]);
    expect(
      screen.getByTitle('Error ratio 3.1 %: Above SLO'),
    ).toBeInTheDocument();
    expect(
      screen.getByTitle('p99 latency 640 ms: Above SLO'),
    ).toBeInTheDocument();
    // Argo CD unreachable spans the sync and health columns; no signals means no data.
    expect(cellsOf('dev')).toEqual([
      'dev',
      'error:Argo CD unreachable',
      'error:mTLS off',
      'unknown:no data',
      'unknown:no data',
    ]);
    expect(screen.getByText('dev').tagName).toBe('EM');
  });
});
