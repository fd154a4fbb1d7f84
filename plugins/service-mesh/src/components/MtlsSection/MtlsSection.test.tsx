import { screen, within } from '@testing-library/react';
import type {
  EnvironmentStatus,
  MtlsStatus,
} from '@meshport/plugin-service-mesh-common';
import mtlsVerdicts from '../../__fixtures__/mtlsVerdicts.json';
import { checkoutStatus } from '../../__fixtures__/status';
import { cellText, renderWithApis } from '../../__testUtils__/render';
import { MtlsSection } from './MtlsSection';
import { SidecarSection } from './SidecarSection';

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

const [prodEnv, devEnv] = checkoutStatus.environments;

async function renderCard(env: EnvironmentStatus) {
  await renderWithApis(
    <>
      <MtlsSection mtls={env.mtls} />
      <SidecarSection sidecar={env.sidecar} />
    </>,
  );
}

// The mTLS card of an environment as the entity tab fills it: the verdict, its sources and the
// sidecar, from the status route's environment.
describe('mTLS card', () => {
  it('shows the verdict, the three sources and the guidance when they disagree', async () => {
    await renderCard(prodEnv);
    expect(screen.getByTitle('mTLS verdict: partial')).toHaveTextContent(
      'mTLS partial',
    );
    expect(screen.getByText('The sources disagree.')).toBeInTheDocument();
    expect(
      screen.getByText(/apply the PeerAuthentication in Git/),
    ).toBeInTheDocument();
    const sources = within(screen.getByRole('table', { name: 'mTLS sources' }));
    expect(
      sources.getByText(
        /PeerAuthentication STRICT \(PeerAuthentication\/shop\/default\)/,
      ),
    ).toBeInTheDocument();
    expect(
      sources.getByText(/MTLS_PARTIALLY_ENABLED, auto mTLS on, min TLSV1_2/),
    ).toBeInTheDocument();
    expect(
      sources.getByText('88 % of requests over mutual TLS (42.5 req/s)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Sidecar injected')).toBeInTheDocument();
    expect(screen.getByText('Kiali: 3/3 proxies synced')).toBeInTheDocument();
  });

  it('shows agreement as a plain sentence', async () => {
    await renderCard({
      ...prodEnv,
      mtls: {
        ...prodEnv.mtls,
        verdict: 'strict',
        summary: 'Git, Kiali and traffic agree: mTLS is STRICT.',
        sources: [
          { source: 'git', verdict: 'strict', detail: 'STRICT' },
          { source: 'kiali', verdict: 'strict', detail: 'MTLS_ENABLED' },
          { source: 'traffic', verdict: 'strict', detail: '100%' },
        ],
        disagreement: false,
        reported: {
          ...prodEnv.mtls.reported,
          data: { status: 'MTLS_ENABLED', autoMTLSEnabled: true },
        },
        observed: {
          ...prodEnv.mtls.observed,
          data: { mutualTlsShare: 1, requestsPerSecond: 40 },
        },
      },
    });
    expect(screen.getByText('mTLS strict')).toBeInTheDocument();
    expect(
      screen.getByText('Git, Kiali and traffic agree: mTLS is STRICT.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('The sources disagree.')).not.toBeInTheDocument();
  });

  it('shows a failed source in its own row, and the missing sidecar with its fix', async () => {
    await renderCard(devEnv);
    expect(screen.getByText('mTLS off')).toBeInTheDocument();
    const sources = within(screen.getByRole('table', { name: 'mTLS sources' }));
    expect(sources.getByText('Timed out')).toBeInTheDocument();
    expect(
      sources.getByText(/Kiali instance "main" did not answer within 5000 ms/),
    ).toBeInTheDocument();
    expect(sources.getByText(/No traffic to judge by/)).toBeInTheDocument();
    expect(screen.getByText('Sidecar missing')).toBeInTheDocument();
    expect(
      screen.getByText(
        'kubectl label namespace shop-dev istio-injection=enabled',
      ),
    ).toBeInTheDocument();
  });

  it('shows an unknown sidecar state', async () => {
    await renderCard({ ...prodEnv, sidecar: { injected: null, evidence: [] } });
    expect(screen.getByText('Sidecar unknown')).toBeInTheDocument();
  });
});
