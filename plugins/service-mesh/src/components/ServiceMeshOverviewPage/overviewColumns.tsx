import { parseEntityRef } from '@backstage/catalog-model';
import type { TableColumn } from '@backstage/core-components';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import type { OverviewRow } from '@meshport/plugin-service-mesh-common';
import {
  formatMs,
  formatPercent,
  HealthChip,
  MtlsChip,
  SloThresholds,
  StatusChip,
  SyncChip,
  thresholdLevel,
} from '../common';

/** What needs attention in a row; a row with none is OK. */
export type OverviewIssue =
  'out-of-sync' | 'unhealthy' | 'not-strict' | 'burning-errors';

/** How each issue (and the absence of any) reads in the State column and filter. */
export const issueLabels: Record<OverviewIssue | 'ok', string> = {
  'out-of-sync': 'Out of sync',
  unhealthy: 'Unhealthy',
  'not-strict': 'Not strict',
  'burning-errors': 'Burning errors',
  ok: 'OK',
};

/** An overview row as the table shows it: with a key (entity and environment), its owner's label and its issues. */
export interface ViewRow extends OverviewRow {
  key: string;
  /** What the table's filter matches in the Service column: the title and the entity reference. */
  serviceText: string;
  ownerLabel: string;
  issues: OverviewIssue[];
}

/** What needs attention in a row, judged against the SLO thresholds. */
export function issuesOf(
  row: OverviewRow,
  slo: SloThresholds,
): OverviewIssue[] {
  const issues: OverviewIssue[] = [];
  if (row.sync === 'OutOfSync') issues.push('out-of-sync');
  if (row.health === 'Degraded' || row.health === 'Missing')
    issues.push('unhealthy');
  if (row.mtls !== 'strict') issues.push('not-strict');
  if (row.errorRatio !== null && row.errorRatio > slo.errorRatio) {
    issues.push('burning-errors');
  }
  return issues;
}

/** The owner as a short entity reference, "no owner" without one. */
export function ownerLabel(owner: string | undefined): string {
  if (!owner) return 'no owner';
  try {
    return humanizeEntityRef(parseEntityRef(owner, { defaultKind: 'group' }), {
      defaultKind: 'group',
    });
  } catch {
    return owner;
  }
}

/** A numeric column judged against a threshold; rows without data sort first. */
function judged(
  title: string,
  key: 'errorRatio' | 'latencyP99Ms',
  threshold: number,
  format: (value: number | null) => string,
): TableColumn<ViewRow> {
  return {
    title,
    field: key,
    type: 'numeric',
    customSort: (a, b) => (a[key] ?? -1) - (b[key] ?? -1),
    render: row => (
      <StatusChip
        level={thresholdLevel(row[key], threshold)}
        label={format(row[key])}
      />
    ),
  };
}

// Narrow cell padding so that all columns fit next to the sidebar at 1440 px.
const compact = { padding: '6px 8px' };

/**
 * The table's columns; error ratio and p99 are judged against the SLO thresholds. With `instances`
 * (rows from several Argo CD instances) an environment shows the instance it is deployed from.
 */
export function columns(
  slo: SloThresholds,
  instances = false,
): TableColumn<ViewRow>[] {
  const list: TableColumn<ViewRow>[] = [
    {
      title: 'Service',
      // The column renders a link; the filter searches this (an entity without a title has no `title`).
      field: 'serviceText',
      highlight: true,
      customSort: (a, b) =>
        (a.title ?? a.entityRef).localeCompare(b.title ?? b.entityRef),
      render: row => (
        <EntityRefLink entityRef={row.entityRef} title={row.title} />
      ),
    },
    {
      title: 'State',
      field: 'issues',
      customSort: (a, b) => a.issues.length - b.issues.length,
      render: row =>
        row.issues.length === 0 ? (
          <StatusChip level="ok" label="OK" />
        ) : (
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
            {row.issues.map(issue => (
              <StatusChip
                key={issue}
                level={issue === 'not-strict' ? 'warning' : 'error'}
                label={issueLabels[issue]}
              />
            ))}
          </Box>
        ),
    },
    { title: 'Owner', field: 'ownerLabel' },
    {
      title: 'Environment',
      field: 'environment',
      render: row =>
        instances && row.instance
          ? `${row.environment} (${row.instance}${row.cluster ? `, ${row.cluster}` : ''})`
          : row.environment,
    },
    { title: 'Namespace', field: 'namespace' },
    {
      title: 'Argo CD',
      field: 'sync',
      render: row =>
        row.sync || row.health ? (
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
            {row.sync && <SyncChip status={row.sync} />}
            {row.health && <HealthChip status={row.health} />}
          </Box>
        ) : (
          'no Argo CD'
        ),
    },
    {
      title: 'mTLS',
      field: 'mtls',
      render: row => <MtlsChip verdict={row.mtls} />,
    },
    judged('Error ratio', 'errorRatio', slo.errorRatio, formatPercent),
    judged('p99', 'latencyP99Ms', slo.latencyP99Ms, formatMs),
  ];
  return list.map(column => ({
    ...column,
    cellStyle: compact,
    headerStyle: compact,
  }));
}
