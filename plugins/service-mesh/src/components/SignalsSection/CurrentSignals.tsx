import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import type {
  GoldenSignalValues,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  formatMs,
  formatPercent,
  formatRps,
  HeadedTable,
  SandboxLabel,
  SloThresholds,
  SourceProblem,
  StatusChip,
  thresholdLabel,
  thresholdLevel,
  useSloThresholds,
} from '../common';

interface Row {
  name: string;
  value: string;
  threshold?: string;
  level?: ReturnType<typeof thresholdLevel>;
}

function rows(v: GoldenSignalValues, slo: SloThresholds): Row[] {
  const judged = (
    name: string,
    value: number | null,
    threshold: number,
    format: (n: number | null) => string,
  ): Row => ({
    name,
    value: format(value),
    threshold: `≤ ${format(threshold)}`,
    level: thresholdLevel(value, threshold),
  });
  return [
    { name: 'Traffic', value: formatRps(v.requestsPerSecond) },
    judged('Error ratio', v.errorRatio, slo.errorRatio, formatPercent),
    { name: 'Latency p50', value: formatMs(v.latencyP50Ms) },
    { name: 'Latency p95', value: formatMs(v.latencyP95Ms) },
    judged('Latency p99', v.latencyP99Ms, slo.latencyP99Ms, formatMs),
    judged('CPU saturation', v.cpuSaturation, slo.saturation, formatPercent),
    judged(
      'Memory saturation',
      v.memorySaturation,
      slo.saturation,
      formatPercent,
    ),
  ];
}

/** Current golden-signal values against the SLO thresholds, each judged with icon and text. */
export const CurrentSignals = (props: {
  result: SourceResult<GoldenSignalValues>;
}) => {
  const { result } = props;
  const slo = useSloThresholds();
  if (result.state !== 'ok' || !result.data) {
    return <SourceProblem result={result} />;
  }
  return (
    <>
      {result.sandbox && <SandboxLabel />}
      <HeadedTable
        label="Current golden signals"
        headers={['Signal', 'Now', 'SLO', 'State']}
      >
        {rows(result.data, slo).map(row => (
          <TableRow key={row.name}>
            <TableCell component="th" scope="row">
              {row.name}
            </TableCell>
            <TableCell>{row.value}</TableCell>
            <TableCell>{row.threshold ?? '—'}</TableCell>
            <TableCell>
              {row.level && (
                <StatusChip
                  level={row.level}
                  label={thresholdLabel(row.level)}
                  title={`${row.name}: ${thresholdLabel(row.level)}`}
                />
              )}
            </TableCell>
          </TableRow>
        ))}
      </HeadedTable>
    </>
  );
};
