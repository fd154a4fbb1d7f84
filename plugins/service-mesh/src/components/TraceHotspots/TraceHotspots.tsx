import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { TraceSummary } from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';
import {
  formatMs,
  formatTime,
  HeadedTable,
  InlineRow,
  SandboxLabel,
  SourceProblem,
  StatusChip,
} from '../common';

const TraceTable = (props: {
  label: string;
  traces: TraceSummary[];
  empty: string;
}) => {
  const { label, traces, empty } = props;
  if (traces.length === 0) {
    return (
      <Typography variant="body2" paragraph>
        {empty}
      </Typography>
    );
  }
  return (
    <HeadedTable
      label={label}
      headers={[
        'Trace',
        'Started',
        'Duration',
        'Spans',
        'Error spans',
        'Hotspot (self time)',
      ]}
    >
      {traces.map(t => (
        <TableRow key={t.traceId}>
          <TableCell>
            <Link to={t.url} title={`Open trace ${t.traceId} in Jaeger`}>
              {t.rootOperation}
            </Link>
            <Typography variant="caption" component="div">
              {t.traceId}
            </Typography>
          </TableCell>
          <TableCell>{formatTime(t.startedAt)}</TableCell>
          <TableCell>{formatMs(t.durationMs)}</TableCell>
          <TableCell>{t.spanCount}</TableCell>
          <TableCell>
            {t.errorSpanCount > 0 ? (
              <StatusChip level="error" label={String(t.errorSpanCount)} />
            ) : (
              '0'
            )}
          </TableCell>
          <TableCell>
            {t.hotspot
              ? `${t.hotspot.service}: ${t.hotspot.operation} (${formatMs(t.hotspot.selfTimeMs)})`
              : 'none'}
          </TableCell>
        </TableRow>
      ))}
    </HeadedTable>
  );
};

/**
 * The slowest and the failing traces of the last hour of one environment from Jaeger, each with its
 * duration, span count, error spans, the operation where most time went, and a deep link.
 */
export const TraceHotspots = (props: {
  entityRef: CompoundEntityRef;
  environment: string;
}) => {
  const { entityRef, environment } = props;
  const api = useApi(serviceMeshApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getTraces(entityRef, { environment }),
    [api, entityRef, environment],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <>
        <ResponseErrorPanel
          error={error}
          title={`Could not load the traces of ${environment}`}
        />
        <Button size="small" onClick={retry}>
          Retry
        </Button>
      </>
    );
  }
  if (!value) return null;
  const { traces } = value;
  if (traces.state !== 'ok' || !traces.data) {
    return <SourceProblem result={traces} />;
  }
  const { service, slowest, failing, searchUrl } = traces.data;
  return (
    <div>
      <InlineRow mb={1}>
        {value.sandbox && <SandboxLabel />}
        <Typography variant="body2">
          Service {service} in Jaeger, last hour ·{' '}
          <Link to={searchUrl}>Search all traces</Link>
        </Typography>
      </InlineRow>
      <Typography variant="subtitle2" component="h4">
        Slowest
      </Typography>
      <TraceTable
        label="Slowest traces"
        traces={slowest}
        empty={`No traces of ${service} in the last hour.`}
      />
      <Box mt={2}>
        <Typography variant="subtitle2" component="h4">
          Failing
        </Typography>
        <TraceTable
          label="Failing traces"
          traces={failing}
          empty="No failing traces in the last hour."
        />
      </Box>
    </div>
  );
};
