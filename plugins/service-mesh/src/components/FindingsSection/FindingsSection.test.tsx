import { screen, within } from '@testing-library/react';
import type { Finding } from '@meshport/plugin-service-mesh-common';
import { checkoutStatus } from '../../__fixtures__/status';
import { cellText, renderWithApis } from '../../__testUtils__/render';
import { FindingsSection } from './FindingsSection';

const finding = (severity: Finding['severity'], name: string): Finding => ({
  rule: `rule-${name}`,
  severity,
  object: { kind: 'VirtualService', name, namespace: 'shop' },
  message: `Problem of ${name}`,
  fix: `Fix ${name}`,
});

describe('FindingsSection', () => {
  it('shows each finding with its severity, object, problem and fix', async () => {
    await renderWithApis(
      <FindingsSection
        result={{
          source: 'git',
          state: 'ok',
          data: [
            finding('error', 'checkout'),
            finding('warning', 'payments'),
            finding('info', 'cart'),
          ],
        }}
      />,
    );
    const rows = screen
      .getAllByRole('row')
      .filter(row => within(row).queryAllByRole('cell').length > 0)
      .map(row => within(row).getAllByRole('cell').map(cellText));
    expect(rows).toEqual([
      [
        'error:Error',
        'VirtualService/shop/checkout',
        'Problem of checkout',
        'Fix checkout',
      ],
      [
        'warning:Warning',
        'VirtualService/shop/payments',
        'Problem of payments',
        'Fix payments',
      ],
      [
        'unknown:Info',
        'VirtualService/shop/cart',
        'Problem of cart',
        'Fix cart',
      ],
    ]);
  });

  it("shows the status route's findings with their object and fix", async () => {
    await renderWithApis(<FindingsSection result={checkoutStatus.findings} />);
    expect(
      screen.getByText('VirtualService/shop/checkout'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Route to subset "v3" of host checkout, which no DestinationRule defines',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Add subset v3 to DestinationRule shop/checkout or route to v1/v2',
      ),
    ).toBeInTheDocument();
  });

  it('says so when the analyzer found nothing, marking sandbox data', async () => {
    await renderWithApis(
      <FindingsSection
        result={{ source: 'git', state: 'ok', sandbox: true, data: [] }}
      />,
    );
    expect(screen.getByText('No findings')).toBeInTheDocument();
    expect(
      screen.getByText('The analyzer found no problems in the manifests.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Sandbox data')).toBeInTheDocument();
  });

  it('shows why Git could not be analyzed', async () => {
    await renderWithApis(
      <FindingsSection
        result={{ source: 'git', state: 'not-found', message: 'no such path' }}
      />,
    );
    expect(screen.getByText('Git: Not found')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Git: Not found — no such path',
    );
  });
});
