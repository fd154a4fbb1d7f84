import { screen, within } from '@testing-library/react';
import type { MtlsStatus } from '@meshport/plugin-service-mesh-common';
import mtlsVerdicts from '../../__fixtures__/mtlsVerdicts.json';
import { checkoutStatus } from '../../__fixtures__/status';
import { cellText, renderWithApis } from '../../__testUtils__/render';
import { MtlsSection } from './MtlsSection';

// The backend's verdict.test.ts asserts that mtlsVerdict produces exactly these wire objects.
const cases = mtlsVerdicts as Array<{ name: string; mtls: MtlsStatus }>;

/** What the tab must show for each case of the shared fixture, in its order. */
const expected = [
  {
    chip: 'mTLS strict',
    alert: false,
    rows: ['ok:strict', 'ok:strict', 'ok:strict'],
  },
  {
    chip: 'mTLS partial',
    alert: false,
    rows: ['warning:partial', 'warning:partial', 'warning:partial'],
  },
  {
    chip: 'mTLS partial',
    alert: true,
    rows: ['warning:partial', 'ok:strict', 'ok:strict'],
  },
  {
    chip: 'mTLS strict',
    alert: false,
    rows: ['no verdict', 'ok:strict', 'ok:strict'],
  },
];

/** The Verdict column of the source rows, in order: Git, Kiali, traffic. */
function shownSourceVerdicts(): string[] {
  const table = screen.getByRole('table', { name: 'mTLS sources' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => cellText(within(row).getAllByRole('cell').at(-1)!));
}

describe('MtlsSection', () => {
  it('has one expectation per case of the shared fixture', () => {
    expect(cases).toHaveLength(expected.length);
  });

  it.each(cases.map((c, i) => [c.name, c.mtls, expected[i]] as const))(
    'shows exactly the backend verdict: %s',
    async (_name, mtls, want) => {
      await renderWithApis(<MtlsSection mtls={mtls} />);
      expect(
        screen.getByTitle(`mTLS verdict: ${mtls.verdict}`),
      ).toHaveTextContent(want.chip);
      expect(screen.queryByText('The sources disagree.') !== null).toBe(
        want.alert,
      );
      expect(screen.getByText(mtls.summary)).toBeInTheDocument();
      expect(shownSourceVerdicts()).toEqual(want.rows);
      for (const source of mtls.sources) {
        expect(screen.getByTitle(source.detail)).toHaveTextContent(
          source.verdict,
        );
      }
    },
  );

  it('shows a failed source with its state and message, and no verdict for it', async () => {
    const dev = checkoutStatus.environments[1].mtls;
    await renderWithApis(<MtlsSection mtls={dev} />);
    expect(screen.getByText('Timed out')).toBeInTheDocument();
    expect(
      screen.getByText(/Kiali instance "main" did not answer within 5000 ms/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No traffic to judge by (0 req/s)'),
    ).toBeInTheDocument();
    expect(shownSourceVerdicts()).toEqual([
      'no verdict',
      'no verdict',
      'no verdict',
    ]);
  });

  it('marks sandbox data', async () => {
    const prod = checkoutStatus.environments[0].mtls;
    await renderWithApis(
      <MtlsSection
        mtls={{ ...prod, observed: { ...prod.observed, sandbox: true } }}
      />,
    );
    expect(screen.getByText('Sandbox data')).toBeInTheDocument();
  });
});
