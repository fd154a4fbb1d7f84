import { useMemo, useState } from 'react';
import { Table } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { alpha, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { MeshOverview } from '@meshport/plugin-service-mesh-common';
import {
  distinctOptions,
  FilterSelect,
  formatPercent,
  useSloThresholds,
} from '../common';
import { columns, issueLabels, type ViewRow } from './overviewColumns';
import { filterRows, toViewRows } from './overviewRows';

/** The table of the mesh overview, with its owner, namespace and state filters. */
export const ServiceMeshOverviewTable = (props: { overview: MeshOverview }) => {
  const { overview } = props;
  const slo = useSloThresholds();
  const theme = useTheme();
  const [owner, setOwner] = useState('');
  const [namespace, setNamespace] = useState('');
  const [state, setState] = useState('');

  const rows = useMemo(() => toViewRows(overview, slo), [overview, slo]);
  const visible = filterRows(rows, { owner, namespace, state });
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
          options={distinctOptions(rows.map(r => r.ownerLabel))}
        />
        <FilterSelect
          label="Namespace"
          value={namespace}
          onChange={setNamespace}
          options={distinctOptions(rows.map(r => r.namespace))}
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
        columns={columns(
          slo,
          new Set(rows.map(r => r.instance).filter(Boolean)).size > 1,
        )}
        data={visible.map(r => ({ ...r }))}
      />
    </>
  );
};
