import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { TopologyFinding } from '@meshport/plugin-service-mesh-common';
import {
  findingSeverityLabel,
  findingSeverityLevel,
  HeadedTable,
  StatusChip,
} from '../common';

/** Declared-vs-observed findings: what the catalog's relations and the observed traffic disagree on. */
export const TopologyFindings = (props: { findings: TopologyFinding[] }) => {
  const { findings } = props;
  if (findings.length === 0) {
    return (
      <Typography variant="body2">
        <StatusChip level="ok" label="Declared and observed agree" /> Every
        observed dependency is declared, and every declared one has traffic.
      </Typography>
    );
  }
  return (
    <HeadedTable
      label="Declared vs observed findings"
      headers={['Severity', 'Finding', 'Fix']}
    >
      {findings.map(f => (
        <TableRow key={`${f.kind}:${f.nodeId ?? f.entityRef ?? f.message}`}>
          <TableCell>
            <StatusChip
              level={findingSeverityLevel[f.severity]}
              label={findingSeverityLabel[f.severity]}
            />
          </TableCell>
          <TableCell>{f.message}</TableCell>
          <TableCell>{f.fix}</TableCell>
        </TableRow>
      ))}
    </HeadedTable>
  );
};
