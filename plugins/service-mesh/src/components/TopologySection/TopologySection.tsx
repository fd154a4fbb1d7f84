import { useState } from 'react';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { SignalRange } from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';
import {
  InlineRow,
  RangeSelector,
  SandboxLabel,
  SourceProblem,
  ViewToggle,
} from '../common';
import { EdgeTable } from '../TopologyGraph/EdgeTable';
import { TopologyGraph } from '../TopologyGraph/TopologyGraph';
import { TopologyFindings } from './TopologyFindings';

/**
 * Who calls the entity's workload and whom it calls in one environment over a selectable range, as a
 * graph or a table, with the declared-vs-observed findings; loads and fails on its own.
 */
export const TopologySection = (props: {
  entityRef: CompoundEntityRef;
  environment: string;
}) => {
  const { entityRef, environment } = props;
  const api = useApi(serviceMeshApiRef);
  const [range, setRange] = useState<SignalRange>('1h');
  const [view, setView] = useState<'graph' | 'table'>('graph');
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getTopology(entityRef, { environment, range }),
    [api, entityRef, environment, range],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = (
      <ResponseErrorPanel
        error={error}
        title={`Could not load the topology of ${environment}`}
      />
    );
  } else if (value && (value.topology.state !== 'ok' || !value.topology.data)) {
    body = <SourceProblem result={value.topology} />;
  } else if (value?.topology.data) {
    const { center, nodes, edges, findings } = value.topology.data;
    const callers = edges.filter(e => e.target === center).length;
    const dependencies = edges.length - callers;
    body = (
      <>
        {edges.length === 0 ? (
          <Typography variant="body2" paragraph>
            No traffic to or from {center} in the last {range}.
          </Typography>
        ) : (
          <>
            <Typography variant="body2" paragraph>
              {callers} inbound {callers === 1 ? 'caller' : 'callers'},{' '}
              {dependencies} outbound{' '}
              {dependencies === 1 ? 'dependency' : 'dependencies'} in the last{' '}
              {range}.
            </Typography>
            {view === 'graph' ? (
              <TopologyGraph
                nodes={nodes}
                edges={edges}
                center={center}
                labels="all"
              />
            ) : (
              <EdgeTable
                nodes={nodes}
                edges={edges}
                center={center}
                title={`Edges of ${center}`}
              />
            )}
          </>
        )}
        <Box mt={2}>
          <Typography variant="subtitle2" component="h4" gutterBottom>
            Declared vs observed
          </Typography>
          <TopologyFindings findings={findings} />
        </Box>
      </>
    );
  }

  return (
    <div>
      <InlineRow mb={1}>
        <RangeSelector
          value={range}
          onChange={setRange}
          label="Topology time range"
        />
        <ViewToggle value={view} onChange={setView} />
        {value?.sandbox && <SandboxLabel />}
        {error && (
          <Button size="small" onClick={retry}>
            Retry
          </Button>
        )}
      </InlineRow>
      {body}
    </div>
  );
};
