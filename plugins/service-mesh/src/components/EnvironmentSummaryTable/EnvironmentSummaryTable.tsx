import type { ReactNode } from 'react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import type { EnvironmentStatus } from '@meshport/plugin-service-mesh-common';
import {
  formatMs,
  formatPercent,
  HeadedTable,
  HealthChip,
  MtlsChip,
  sourceStateLabel,
  StatusChip,
  SyncChip,
  thresholdLabel,
  thresholdLevel,
  useSloThresholds,
} from '../common';

const ArgoCells = (props: { env: EnvironmentStatus }) => {
  const { argocd } = props.env;
  if (argocd.state !== 'ok' || !argocd.data) {
    return (
      <TableCell colSpan={2}>
        <StatusChip
          level={argocd.state === 'not-configured' ? 'unknown' : 'error'}
          label={`Argo CD ${sourceStateLabel(argocd.state).toLocaleLowerCase(
            'en-US',
          )}`}
          title={argocd.message}
        />
      </TableCell>
    );
  }
  const app = argocd.data;
  return (
    <>
      <TableCell>
        <SyncChip status={app.sync.status} />
      </TableCell>
      <TableCell>
        <HealthChip status={app.health.status} />
      </TableCell>
    </>
  );
};

/** A signal's current value judged against its SLO threshold, e.g. "Error ratio 3.1 %: Above SLO". */
const JudgedCell = (props: {
  name: string;
  value: number | null | undefined;
  threshold: number;
  format: (value: number | null | undefined) => string;
}) => {
  const { name, value, threshold, format } = props;
  const level = thresholdLevel(value, threshold);
  return (
    <TableCell>
      <StatusChip
        level={level}
        label={format(value)}
        title={`${name} ${format(value)}: ${thresholdLabel(level)}`}
      />
    </TableCell>
  );
};

/** One row per environment: sync, health, mTLS, error ratio and p99, each with icon and text. */
export const EnvironmentSummaryTable = (props: {
  environments: EnvironmentStatus[];
  /** Renders the environment name, e.g. as a link to its details. */
  renderName: (env: EnvironmentStatus) => ReactNode;
}) => {
  const { environments, renderName } = props;
  const slo = useSloThresholds();
  return (
    <HeadedTable
      label="Service mesh per environment"
      headers={['Environment', 'Sync', 'Health', 'mTLS', 'Error ratio', 'p99']}
    >
      {environments.map(env => {
        const signals =
          env.signals.state === 'ok' ? env.signals.data : undefined;
        return (
          <TableRow key={env.name}>
            <TableCell component="th" scope="row">
              {renderName(env)}
            </TableCell>
            <ArgoCells env={env} />
            <TableCell>
              <MtlsChip verdict={env.mtls.verdict} />
            </TableCell>
            <JudgedCell
              name="Error ratio"
              value={signals?.errorRatio}
              threshold={slo.errorRatio}
              format={formatPercent}
            />
            <JudgedCell
              name="p99 latency"
              value={signals?.latencyP99Ms}
              threshold={slo.latencyP99Ms}
              format={formatMs}
            />
          </TableRow>
        );
      })}
    </HeadedTable>
  );
};
