import { overview } from '../../__fixtures__/status';
import { defaultSloThresholds } from '../common/slo';
import { filterRows, toViewRows } from './overviewRows';

const rows = toViewRows(overview, defaultSloThresholds);
const titles = (filters: Partial<Parameters<typeof filterRows>[1]>) =>
  filterRows(rows, { owner: '', namespace: '', state: '', ...filters }).map(
    row => row.title,
  );

describe('overview rows', () => {
  it('labels each row with its owner, issues and a key per entity and environment', () => {
    expect(rows.map(r => [r.key, r.ownerLabel, r.issues.join(',')])).toEqual([
      [
        'component:default/checkout@main:argocd/checkout-prod',
        'checkout-team',
        '',
      ],
      [
        'component:default/payments@main:argocd/payments-prod',
        'payments-team',
        'burning-errors',
      ],
      [
        'component:default/catalog-api@main:argocd/catalog-api-staging',
        'checkout-team',
        'out-of-sync',
      ],
      ['component:default/recommendations@default', 'data-team', 'not-strict'],
    ]);
  });

  it('filters by owner, namespace and state, each empty value showing all', () => {
    expect(titles({})).toEqual([
      'Checkout',
      'Payments',
      'Product catalog API',
      'Recommendations',
    ]);
    expect(titles({ owner: 'checkout-team' })).toEqual([
      'Checkout',
      'Product catalog API',
    ]);
    expect(
      titles({ owner: 'checkout-team', namespace: 'shop-staging' }),
    ).toEqual(['Product catalog API']);
    expect(titles({ state: 'burning-errors' })).toEqual(['Payments']);
    expect(titles({ state: 'ok' })).toEqual(['Checkout']);
  });
});
