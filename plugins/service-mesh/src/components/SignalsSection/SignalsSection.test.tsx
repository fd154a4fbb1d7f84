import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { EnvironmentStatus } from '@meshport/plugin-service-mesh-common';
import { checkoutStatus } from '../../__fixtures__/status';
import {
  entityPath,
  serveSignals as serveEntitySignals,
  signalsWithoutPrometheus,
} from '../../__testUtils__/entityTab';
import { renderWithApis } from '../../__testUtils__/render';
import { CurrentSignals, SignalCharts } from '.';

// The golden signals of an environment as the entity tab shows them: the current values from the
// status route, the charts from the signals route.
const server = setupServer();
registerMswTestHooks(server);

const entityRef = { kind: 'Component', namespace: 'default', name: 'checkout' };
const signalsUrl = `${entityPath}/signals`;
const [prod, dev] = checkoutStatus.environments;
const serveSignals = () => serveEntitySignals(server);

async function renderSignals(
  env: EnvironmentStatus,
  config?: NonNullable<Parameters<typeof renderWithApis>[1]>['config'],
) {
  await renderWithApis(
    <>
      <CurrentSignals result={env.signals} />
      <SignalCharts entityRef={entityRef} environment={env.id} label="prod" />
    </>,
    { config },
  );
}

/** The row of a signal in the current values' table. */
function row(name: string) {
  const current = within(
    screen.getByRole('table', { name: 'Current golden signals' }),
  );
  return within(current.getByText(name).closest('tr')!);
}

describe('golden signals', () => {
  it('shows current values against the default SLOs with text, and charts with text equivalents', async () => {
    const ranges = serveSignals();
    await renderSignals(prod);
    expect(row('Error ratio').getByText('3.1 %')).toBeInTheDocument();
    expect(row('Error ratio').getByText('≤ 1 %')).toBeInTheDocument();
    expect(row('Error ratio').getByText('Above SLO')).toBeInTheDocument();
    expect(row('Latency p99').getByText('640 ms')).toBeInTheDocument();
    expect(row('Latency p99').getByText('Above SLO')).toBeInTheDocument();
    expect(row('CPU saturation').getByText('Within SLO')).toBeInTheDocument();
    expect(row('Memory saturation').getByText('Above SLO')).toBeInTheDocument();
    expect(row('Traffic').getByText('42.5 req/s')).toBeInTheDocument();

    expect(
      await screen.findByText(
        /Requests\/s: min 39 req\/s, max 45 req\/s, last 42\.5 req\/s/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Error ratio: min 0\.1 %, max 3\.4 %, last 3\.1 %\. SLO error ratio: 1 %\. Deploys: 2026-11-26 09:58 UTC \(9f1c2d3\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/p99: min 149 ms, max 650 ms, last 640 ms/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Memory: min 70 %, max 91 %, last 91 %/),
    ).toBeInTheDocument();
    expect(ranges).toEqual(['main:argocd/checkout-prod:1h']);
  });

  it('uses the SLO thresholds from the frontend config', async () => {
    await renderWithApis(<CurrentSignals result={prod.signals} />, {
      config: {
        serviceMesh: {
          slo: { errorRatio: 0.05, latencyP99Ms: 1000, saturation: 0.95 },
        },
      },
    });
    expect(row('Error ratio').getByText('≤ 5 %')).toBeInTheDocument();
    expect(row('Error ratio').getByText('Within SLO')).toBeInTheDocument();
    expect(row('Latency p99').getByText('≤ 1 s')).toBeInTheDocument();
    expect(row('Latency p99').getByText('Within SLO')).toBeInTheDocument();
    expect(row('Memory saturation').getByText('Near SLO')).toBeInTheDocument();
  });

  it('reloads the charts for the selected range', async () => {
    const ranges = serveSignals();
    await renderSignals(prod);
    await screen.findByText(/Requests\/s: min/);
    const charts = within(screen.getByRole('group', { name: 'Time range' }));
    await userEvent.click(charts.getByRole('button', { name: 'Last 7 d' }));
    await waitFor(() =>
      expect(ranges).toEqual([
        'main:argocd/checkout-prod:1h',
        'main:argocd/checkout-prod:7d',
      ]),
    );
    expect(charts.getByRole('button', { name: 'Last 7 d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('shows skeletons while the charts load, with the current values already there', async () => {
    server.use(http.get(signalsUrl, () => delay('infinite')));
    await renderSignals(prod);
    expect(screen.getByLabelText('Loading charts')).toBeInTheDocument();
    expect(screen.getByText('3.1 %')).toBeInTheDocument();
  });

  it('shows a Prometheus source problem from the signals route', async () => {
    server.use(
      http.get(signalsUrl, () =>
        HttpResponse.json(signalsWithoutPrometheus(prod.id)),
      ),
    );
    await renderSignals(prod);
    expect(
      await screen.findByText('Prometheus: Not configured'),
    ).toBeInTheDocument();
  });

  it('shows why current values are missing', async () => {
    await renderWithApis(<CurrentSignals result={dev.signals} />);
    expect(screen.getByText('Prometheus: Unauthorized')).toBeInTheDocument();
    expect(
      screen.getByText(/check serviceMesh\.prometheus\[0\]\.token/),
    ).toBeInTheDocument();
  });
});
