import type { MeshOverview } from '@meshport/plugin-service-mesh-common';
import type { SloThresholds } from '../common';
import {
  issuesOf,
  ownerLabel,
  type OverviewIssue,
  type ViewRow,
} from './overviewColumns';

/** The overview's rows as the table shows them, judged against the SLO thresholds. */
export function toViewRows(overview: MeshOverview, slo: SloThresholds) {
  return overview.rows.map((row): ViewRow => ({
    ...row,
    // The environment id is unique per entity, even when two Argo CD instances deploy one name.
    key: `${row.entityRef}@${row.id}`,
    serviceText: [row.title, row.entityRef].filter(Boolean).join(' '),
    ownerLabel: ownerLabel(row.owner),
    issues: issuesOf(row, slo),
  }));
}

/** The overview's filters; an empty value shows all. `state` is an issue or `ok` (no issue). */
export interface OverviewFilters {
  owner: string;
  namespace: string;
  state: string;
}

/** The rows that pass every filter. */
export function filterRows(rows: ViewRow[], filters: OverviewFilters) {
  const { owner, namespace, state } = filters;
  return rows.filter(
    row =>
      (!owner || row.ownerLabel === owner) &&
      (!namespace || row.namespace === namespace) &&
      (!state ||
        (state === 'ok'
          ? row.issues.length === 0
          : row.issues.includes(state as OverviewIssue))),
  );
}
