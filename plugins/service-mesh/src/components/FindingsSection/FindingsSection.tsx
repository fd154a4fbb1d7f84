import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type {
  Finding,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  findingSeverityLabel,
  findingSeverityLevel,
  SandboxLabel,
  SourceProblem,
  StatusChip,
} from '../common';

const columns: TableColumn<Finding>[] = [
  {
    title: 'Severity',
    field: 'severity',
    render: f => (
      <StatusChip
        level={findingSeverityLevel[f.severity]}
        label={findingSeverityLabel[f.severity]}
      />
    ),
  },
  {
    title: 'Object',
    render: f => (
      <code>
        {f.object.kind}/{f.object.namespace ? `${f.object.namespace}/` : ''}
        {f.object.name}
      </code>
    ),
  },
  { title: 'Problem', field: 'message' },
  { title: 'Fix', field: 'fix' },
];

/** Problems the analyzer found in the entity's manifests, each with the object and the fix. */
export const FindingsSection = (props: { result: SourceResult<Finding[]> }) => {
  const { result } = props;
  if (result.state !== 'ok' || !result.data) {
    return <SourceProblem result={result} />;
  }
  if (result.data.length === 0) {
    return (
      <>
        {result.sandbox && <SandboxLabel />}
        <StatusChip level="ok" label="No findings" />
        <Typography variant="body2">
          The analyzer found no problems in the manifests.
        </Typography>
      </>
    );
  }
  return (
    <>
      {result.sandbox && <SandboxLabel />}
      <Table
        options={{
          paging: false,
          search: false,
          draggable: false,
          padding: 'dense',
          toolbar: false,
        }}
        columns={columns}
        data={result.data.map(f => ({ ...f }))}
      />
    </>
  );
};
