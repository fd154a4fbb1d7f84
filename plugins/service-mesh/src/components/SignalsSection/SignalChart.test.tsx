import { render } from '@testing-library/react';
import { themes, UnifiedThemeProvider } from '@backstage/theme';
import { prodSignals } from '../../__fixtures__/status';
import { formatPercent } from '../common';
import { SignalChart } from './SignalChart';

function renderChart(theme: 'light' | 'dark') {
  return render(
    <UnifiedThemeProvider theme={themes[theme]}>
      <SignalChart
        title="Error ratio (5xx)"
        format={formatPercent}
        deploys={prodSignals.deploys}
        threshold={{ value: 0.01, label: 'SLO error ratio' }}
        series={[
          {
            key: 'errors',
            label: 'Error ratio',
            points: prodSignals.series.errorRatio,
            color: '#e22',
          },
        ]}
      />
    </UnifiedThemeProvider>,
  );
}

describe('SignalChart', () => {
  it.each(['light', 'dark'] as const)(
    'draws axes and grid in the %s theme colours',
    theme => {
      const { container } = renderChart(theme);
      const palette = themes[theme].getTheme('v4')!.palette;
      const grid = container.querySelector('.recharts-cartesian-grid line');
      expect(grid).toHaveAttribute('stroke', palette.divider);
      const axis = container.querySelector(
        '.recharts-xAxis .recharts-cartesian-axis-line',
      );
      expect(axis).toHaveAttribute('stroke', palette.text.secondary);
    },
  );

  it('marks the deploy and the SLO, and says in words what it shows', () => {
    const { container, getByText, getByRole } = renderChart('light');
    expect(
      getByRole('figure', { name: 'Error ratio (5xx)' }),
    ).toBeInTheDocument();
    const labels = [
      ...container.querySelectorAll('.recharts-reference-line text'),
    ].map(t => t.textContent);
    expect(labels.sort()).toEqual(['SLO', 'deploy']);
    expect(
      getByText(
        'Error ratio: min 0.1 %, max 3.4 %, last 3.1 %. SLO error ratio: 1 %. Deploys: 2026-11-26 09:58 UTC (9f1c2d3).',
      ),
    ).toBeInTheDocument();
  });

  it('says so when a series has no data', () => {
    const { getByText } = render(
      <UnifiedThemeProvider theme={themes.light}>
        <SignalChart
          title="Traffic"
          format={formatPercent}
          deploys={[]}
          series={[
            {
              key: 'rps',
              label: 'Requests/s',
              points: [[1, null]],
              color: '#22e',
            },
          ]}
        />
      </UnifiedThemeProvider>,
    );
    expect(
      getByText('Requests/s: no data. No deploys in this range.'),
    ).toBeInTheDocument();
  });
});
