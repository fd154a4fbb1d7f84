import type { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { EnvironmentStatus } from '@meshport/plugin-service-mesh-common';
import {
  formatMs,
  formatPercent,
  healthLevel,
  mtlsLabel,
  mtlsLevel,
  sourceStateLabel,
  StatusChip,
  syncLevel,
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
        <StatusChip
          level={syncLevel(app.sync.status)}
          label={app.sync.status}
          title={`Sync: ${app.sync.status}`}
        />
      </TableCell>
      <TableCell>
        <StatusChip
          level={healthLevel(app.health.status)}
          label={app.health.status}
          title={`Health: ${app.health.status}`}
        />
      </TableCell>
    </>
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
    <Table size="small" aria-label="Service mesh per environment">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Sync</TableCell>
          <TableCell>Health</TableCell>
          <TableCell>mTLS</TableCell>
          <TableCell>Error ratio</TableCell>
          <TableCell>p99</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {environments.map(env => {
          const signals =
            env.signals.state === 'ok' ? env.signals.data : undefined;
          const errorLevel = thresholdLevel(
            signals?.errorRatio,
            slo.errorRatio,
          );
          const p99Level = thresholdLevel(
            signals?.latencyP99Ms,
            slo.latencyP99Ms,
          );
          return (
            <TableRow key={env.name}>
              <TableCell component="th" scope="row">
                {renderName(env)}
              </TableCell>
              <ArgoCells env={env} />
              <TableCell>
                <StatusChip
                  level={mtlsLevel(env.mtls.verdict)}
                  label={mtlsLabel(env.mtls.verdict)}
                />
              </TableCell>
              <TableCell>
                <StatusChip
                  level={errorLevel}
                  label={formatPercent(signals?.errorRatio)}
                  title={`Error ratio ${formatPercent(
                    signals?.errorRatio,
                  )}: ${thresholdLabel(errorLevel)}`}
                />
              </TableCell>
              <TableCell>
                <StatusChip
                  level={p99Level}
                  label={formatMs(signals?.latencyP99Ms)}
                  title={`p99 latency ${formatMs(
                    signals?.latencyP99Ms,
                  )}: ${thresholdLabel(p99Level)}`}
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
