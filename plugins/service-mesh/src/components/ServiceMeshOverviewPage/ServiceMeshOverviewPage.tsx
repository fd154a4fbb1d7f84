import { useMemo, useState } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { alpha, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type {
  MeshOverview,
  OverviewRow,
} from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';
import {
  formatMs,
  formatPercent,
  formatTime,
  healthLevel,
  mtlsLabel,
  mtlsLevel,
  SandboxLabel,
  SloThresholds,
  SourceProblem,
  StatusChip,
  syncLevel,
  thresholdLevel,
  useSloThresholds,
} from '../common';

/** What needs attention in a row; a row with none is OK. */
export type OverviewIssue =
  'out-of-sync' | 'unhealthy' | 'not-strict' | 'burning-errors';

const issueLabels: Record<OverviewIssue | 'ok', string> = {
  'out-of-sync': 'Out of sync',
  unhealthy: 'Unhealthy',
  'not-strict': 'Not strict',
  'burning-errors': 'Burning errors',
  ok: 'OK',
};

interface ViewRow extends OverviewRow {
  id: string;
  ownerLabel: string;
  issues: OverviewIssue[];
}

function issuesOf(row: OverviewRow, slo: SloThresholds): OverviewIssue[] {
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

function ownerLabel(owner: string | undefined): string {
  if (!owner) return 'no owner';
  try {
    return humanizeEntityRef(parseEntityRef(owner, { defaultKind: 'group' }), {
      defaultKind: 'group',
    });
  } catch {
    return owner;
  }
}

const byNullable =
  (key: 'errorRatio' | 'latencyP99Ms') => (a: ViewRow, b: ViewRow) =>
    (a[key] ?? -1) - (b[key] ?? -1);

// Narrow cell padding so that all columns fit next to the sidebar at 1440 px.
const compact = { padding: '6px 8px' };

function columns(slo: SloThresholds): TableColumn<ViewRow>[] {
  const list: TableColumn<ViewRow>[] = [
    {
      title: 'Service',
      field: 'title',
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
    { title: 'Environment', field: 'environment' },
    { title: 'Namespace', field: 'namespace' },
    {
      title: 'Argo CD',
      field: 'sync',
      render: row =>
        row.sync || row.health ? (
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
            {row.sync && (
              <StatusChip
                level={syncLevel(row.sync)}
                label={row.sync}
                title={`Sync: ${row.sync}`}
              />
            )}
            {row.health && (
              <StatusChip
                level={healthLevel(row.health)}
                label={row.health}
                title={`Health: ${row.health}`}
              />
            )}
          </Box>
        ) : (
          'no Argo CD'
        ),
    },
    {
      title: 'mTLS',
      field: 'mtls',
      render: row => (
        <StatusChip level={mtlsLevel(row.mtls)} label={mtlsLabel(row.mtls)} />
      ),
    },
    {
      title: 'Error ratio',
      field: 'errorRatio',
      type: 'numeric',
      customSort: byNullable('errorRatio'),
      render: row => (
        <StatusChip
          level={thresholdLevel(row.errorRatio, slo.errorRatio)}
          label={formatPercent(row.errorRatio)}
        />
      ),
    },
    {
      title: 'p99',
      field: 'latencyP99Ms',
      type: 'numeric',
      customSort: byNullable('latencyP99Ms'),
      render: row => (
        <StatusChip
          level={thresholdLevel(row.latencyP99Ms, slo.latencyP99Ms)}
          label={formatMs(row.latencyP99Ms)}
        />
      ),
    },
  ];
  return list.map(column => ({
    ...column,
    cellStyle: compact,
    headerStyle: compact,
  }));
}

const FilterSelect = (props: {
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) => {
  const { label, value, options, onChange } = props;
  const id = `service-mesh-filter-${label.toLocaleLowerCase('en-US')}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 180 }}>
      <InputLabel id={id}>{label}</InputLabel>
      <Select
        labelId={id}
        label={label}
        value={value}
        onChange={e => onChange(e.target.value as string)}
      >
        <MenuItem value="">All</MenuItem>
        {options.map(o => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
};

const distinct = (values: string[]) =>
  [...new Set(values)].sort().map(v => ({ value: v, label: v }));

/** The table of the mesh overview, with its owner, namespace and state filters. */
export const ServiceMeshOverviewTable = (props: { overview: MeshOverview }) => {
  const { overview } = props;
  const slo = useSloThresholds();
  const theme = useTheme();
  const [owner, setOwner] = useState('');
  const [namespace, setNamespace] = useState('');
  const [state, setState] = useState('');

  const rows: ViewRow[] = useMemo(
    () =>
      overview.rows.map(row => ({
        ...row,
        id: `${row.entityRef}@${row.environment}`,
        ownerLabel: ownerLabel(row.owner),
        issues: issuesOf(row, slo),
      })),
    [overview, slo],
  );
  const visible = rows.filter(
    row =>
      (!owner || row.ownerLabel === owner) &&
      (!namespace || row.namespace === namespace) &&
      (!state ||
        (state === 'ok'
          ? row.issues.length === 0
          : row.issues.includes(state as OverviewIssue))),
  );
  const counts = {
    outOfSync: rows.filter(r => r.issues.includes('out-of-sync')).length,
    notStrict: rows.filter(r => r.issues.includes('not-strict')).length,
    burning: rows.filter(r => r.issues.includes('burning-errors')).length,
  };

  return (
    <>
      <Typography variant="body1" paragraph>
        {rows.length} deployments: {counts.outOfSync} out of sync,{' '}
        {counts.notStrict} not strict mTLS, {counts.burning} burning errors
        (above {formatPercent(slo.errorRatio)}).
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
        <FilterSelect
          label="Owner"
          value={owner}
          onChange={setOwner}
          options={distinct(rows.map(r => r.ownerLabel))}
        />
        <FilterSelect
          label="Namespace"
          value={namespace}
          onChange={setNamespace}
          options={distinct(rows.map(r => r.namespace))}
        />
        <FilterSelect
          label="State"
          value={state}
          onChange={setState}
          options={(
            [
              'out-of-sync',
              'unhealthy',
              'not-strict',
              'burning-errors',
              'ok',
            ] as const
          ).map(v => ({ value: v, label: issueLabels[v] }))}
        />
      </Box>
      <Table<ViewRow>
        title={`Services (${visible.length} of ${rows.length})`}
        options={{
          paging: visible.length > 20,
          pageSize: 20,
          search: true,
          draggable: false,
          padding: 'dense',
          rowStyle: (row: ViewRow) =>
            row.issues.some(i => i !== 'not-strict')
              ? { backgroundColor: alpha(theme.palette.error.main, 0.08) }
              : {},
        }}
        columns={columns(slo)}
        data={visible.map(r => ({ ...r }))}
      />
    </>
  );
};

/** Body of the mesh overview page: one batched `/overview` call, then the filterable table. */
export const ServiceMeshOverviewContent = () => {
  const api = useApi(serviceMeshApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getOverview(),
    [api],
  );
  let body;
  if (!value && loading) {
    body = (
      <div aria-label="Loading mesh overview">
        <Skeleton variant="rect" height={48} />
        {[0, 1, 2, 3, 4].map(i => (
          <Skeleton key={i} variant="text" height={32} />
        ))}
      </div>
    );
  } else if (error) {
    body = (
      <ResponseErrorPanel
        error={error}
        title="Could not load the mesh overview"
      />
    );
  } else if (value) {
    body = (
      <>
        {value.sources
          .filter(s => s.state !== 'ok')
          .map(s => (
            <Box mb={1} key={`${s.source}:${s.instance ?? ''}`}>
              <SourceProblem result={s} />
            </Box>
          ))}
        {value.rows.length === 0 ? (
          <Alert severity="info">
            No meshed service you may see: add the meshport.io/workload or
            argocd/app-selector annotation to a component.
          </Alert>
        ) : (
          <ServiceMeshOverviewTable overview={value} />
        )}
      </>
    );
  }
  return (
    <>
      <ContentHeader title="Every meshed service, per environment">
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          {value?.sandbox && <SandboxLabel />}
          {value && (
            <Typography variant="body2" color="textSecondary">
              As of {formatTime(value.generatedAt)}
            </Typography>
          )}
          <Button
            size="small"
            variant="outlined"
            onClick={retry}
            disabled={loading}
          >
            Reload
          </Button>
        </Box>
      </ContentHeader>
      {body}
    </>
  );
};

/** The mesh overview page (sidebar entry): deployments, sync, mTLS and errors of every meshed service. */
export const ServiceMeshOverviewPage = () => (
  <Page themeId="tool">
    <Header
      title="Service mesh"
      subtitle="Is every service deployed, secure and healthy?"
    />
    <Content>
      <ServiceMeshOverviewContent />
    </Content>
  </Page>
);
