import { useState } from 'react';
import type { ComponentProps } from 'react';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { useTheme } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { SignalRange } from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';
import {
  formatMs,
  formatPercent,
  formatRps,
  RangeSelector,
  SandboxLabel,
  SourceProblem,
  useSloThresholds,
} from '../common';
import { SignalChart } from './SignalChart';

/** Golden-signal charts of one environment over a selectable range; loads and fails on its own. */
export const SignalCharts = (props: {
  entityRef: CompoundEntityRef;
  /** The environment's id (or name) the signals route takes. */
  environment: string;
  /** How the environment is called on screen (default: `environment`). */
  label?: string;
}) => {
  const { entityRef, environment, label = environment } = props;
  const api = useApi(serviceMeshApiRef);
  const theme = useTheme();
  const slo = useSloThresholds();
  const [range, setRange] = useState<SignalRange>('1h');
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getSignals(entityRef, { environment, range }),
    [api, entityRef, environment, range],
  );

  let body;
  if (loading) {
    body = (
      <Grid container spacing={2} aria-label="Loading charts">
        {[0, 1, 2, 3].map(i => (
          <Grid item xs={12} md={6} key={i}>
            <Skeleton variant="rect" height={200} />
          </Grid>
        ))}
      </Grid>
    );
  } else if (error) {
    body = (
      <ResponseErrorPanel
        error={error}
        title={`Could not load the golden signals of ${label}`}
      />
    );
  } else if (value && (value.signals.state !== 'ok' || !value.signals.data)) {
    body = <SourceProblem result={value.signals} />;
  } else if (value?.signals.data) {
    const { series, deploys } = value.signals.data;
    const p = theme.palette;
    const charts: Array<Omit<ComponentProps<typeof SignalChart>, 'deploys'>> = [
      {
        title: 'Traffic',
        format: formatRps,
        series: [
          {
            key: 'rps',
            label: 'Requests/s',
            points: series.requestsPerSecond,
            color: p.primary.main,
          },
        ],
      },
      {
        title: 'Error ratio (5xx)',
        format: formatPercent,
        threshold: { value: slo.errorRatio, label: 'SLO error ratio' },
        series: [
          {
            key: 'errors',
            label: 'Error ratio',
            points: series.errorRatio,
            color: p.error.main,
          },
        ],
      },
      {
        title: 'Latency',
        format: formatMs,
        threshold: { value: slo.latencyP99Ms, label: 'SLO p99' },
        series: [
          {
            key: 'p50',
            label: 'p50',
            points: series.latencyP50Ms,
            color: p.success.main,
          },
          {
            key: 'p95',
            label: 'p95',
            points: series.latencyP95Ms,
            color: p.warning.main,
          },
          {
            key: 'p99',
            label: 'p99',
            points: series.latencyP99Ms,
            color: p.secondary.main,
          },
        ],
      },
      {
        title: 'Saturation',
        format: formatPercent,
        threshold: { value: slo.saturation, label: 'SLO saturation' },
        series: [
          {
            key: 'cpu',
            label: 'CPU',
            points: series.cpuSaturation,
            color: p.primary.main,
          },
          {
            key: 'mem',
            label: 'Memory',
            points: series.memorySaturation,
            color: p.secondary.main,
          },
        ],
      },
    ];
    body = (
      <Grid container spacing={2}>
        {charts.map(chart => (
          <Grid item xs={12} md={6} key={chart.title}>
            <SignalChart {...chart} deploys={deploys} />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <div>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <RangeSelector value={range} onChange={setRange} />
        {value?.sandbox && <SandboxLabel />}
        {error && (
          <Button size="small" onClick={retry}>
            Retry
          </Button>
        )}
      </Box>
      {body}
    </div>
  );
};
