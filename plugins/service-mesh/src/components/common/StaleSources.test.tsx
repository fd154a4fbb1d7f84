import { screen } from '@testing-library/react';
import type { SourceResult } from '@meshport/plugin-service-mesh-common';
import { renderWithApis } from '../../__testUtils__/render';
import { formatAge, StaleSources, staleResults } from './StaleSources';

const NOW = Date.parse('2026-11-28T10:04:30.000Z');

const kiali = (fetchedAt: string): SourceResult<unknown> => ({
  source: 'kiali',
  state: 'ok',
  data: { status: 'MTLS_ENABLED' },
  message: 'Kiali timed out: no answer within 5000 ms',
  stale: { fetchedAt, reason: 'Kiali not answering' },
});

describe('formatAge', () => {
  it('uses the largest whole unit', () => {
    expect(formatAge('2026-11-28T10:04:18.000Z', NOW)).toBe('12 s ago');
    expect(formatAge('2026-11-28T10:00:00.000Z', NOW)).toBe('4 min ago');
    expect(formatAge('2026-11-28T07:00:00.000Z', NOW)).toBe('3 h ago');
    expect(formatAge('2026-11-26T10:00:00.000Z', NOW)).toBe('2 d ago');
    expect(formatAge('2026-11-28T10:05:00.000Z', NOW)).toBe('0 s ago');
  });
});

describe('staleResults', () => {
  it('finds stale results anywhere in an answer, the oldest once per source and instance', () => {
    const answer = {
      environments: [
        { mtls: { reported: kiali('2026-11-28T10:01:00.000Z') } },
        {
          mtls: { reported: kiali('2026-11-28T10:00:00.000Z') },
          argocd: { source: 'argocd', instance: 'prod', state: 'ok', data: {} },
        },
      ],
      sources: [
        {
          source: 'argocd',
          instance: 'staging',
          state: 'ok',
          stale: {
            fetchedAt: '2026-11-28T09:00:00.000Z',
            reason: 'Argo CD instance "staging" unreachable',
          },
        },
      ],
    };
    expect(
      staleResults(answer).map(r => [
        r.source,
        r.instance ?? null,
        r.stale!.fetchedAt,
      ]),
    ).toEqual([
      ['kiali', null, '2026-11-28T10:00:00.000Z'],
      ['argocd', 'staging', '2026-11-28T09:00:00.000Z'],
    ]);
    expect(staleResults({ a: { source: 'git', state: 'ok' } })).toEqual([]);
  });
});

describe('StaleSources', () => {
  it('says how old the shown data is and why, with the details on hover', async () => {
    await renderWithApis(
      <StaleSources
        answer={{ reported: kiali('2026-11-28T10:00:00.000Z') }}
        now={NOW}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'Kiali: as of 4 min ago (Kiali not answering) — the last good answer is shown.',
    );
    expect(alert).toHaveAttribute(
      'title',
      'Kiali timed out: no answer within 5000 ms',
    );
    expect(alert.className).toMatch(/standardWarning/);
  });

  it('shows nothing for a fresh answer', async () => {
    await renderWithApis(
      <StaleSources
        answer={{ reported: { source: 'kiali', state: 'ok', data: {} } }}
        now={NOW}
      />,
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
