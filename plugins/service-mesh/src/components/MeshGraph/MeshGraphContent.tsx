import { useEffect, useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { serviceMeshApiRef } from '../../api';
import {
  distinctOptions,
  FilterSelect,
  InlineRow,
  ReloadControls,
  SourceProblem,
  useSloThresholds,
  ViewToggle,
} from '../common';
import { ownerLabel } from '../ServiceMeshOverviewPage/overviewColumns';
import { EdgeTable } from '../TopologyGraph/EdgeTable';
import { edgeLevel } from '../TopologyGraph/edgeText';
import { TopologyGraph } from '../TopologyGraph/TopologyGraph';

/**
 * The mesh graph of the overview page: every meshed workload of one environment and its edges, as a
 * graph (only problem edges labelled, so that 200 services stay readable) or a table, narrowed by
 * namespace and owner on the backend.
 */
export const MeshGraphContent = () => {
  const api = useApi(serviceMeshApiRef);
  const slo = useSloThresholds();
  // Empty: the backend's default (the first environment), and no narrowing.
  const [environment, setEnvironment] = useState('');
  const [namespace, setNamespace] = useState('');
  const [owner, setOwner] = useState('');
  const [view, setView] = useState<'graph' | 'table'>('graph');
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getMeshGraph({ environment, namespace, owner }),
    [api, environment, namespace, owner],
  );
  // The backend lists environments and namespaces but not owners: take them from the last answer that
  // was not narrowed by owner, so that choosing an owner keeps the others to choose from.
  const [owners, setOwners] = useState<string[]>([]);
  useEffect(() => {
    if (value?.graph.data && !owner) {
      setOwners(
        value.graph.data.nodes.flatMap(n => (n.owner ? [n.owner] : [])),
      );
    }
  }, [value, owner]);

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = (
      <ResponseErrorPanel error={error} title="Could not load the mesh graph" />
    );
  } else if (value && (value.graph.state !== 'ok' || !value.graph.data)) {
    body = <SourceProblem result={value.graph} />;
  } else if (value?.graph.data) {
    const { nodes, edges } = value.graph.data;
    const levels = edges.map(e => edgeLevel(e, slo));
    body =
      edges.length === 0 ? (
        <Typography variant="body1">
          No traffic between meshed services in {value.environment}
          {namespace || owner ? ' with these filters' : ''}.
        </Typography>
      ) : (
        <>
          <Typography variant="body1" paragraph>
            {nodes.length} workloads, {edges.length} edges:{' '}
            {edges.filter(e => e.plaintext).length} with plaintext traffic,{' '}
            {levels.filter(l => l === 'error').length} above the SLO error
            ratio. The graph labels only those edges; the table lists every edge
            with its numbers.
          </Typography>
          {view === 'graph' ? (
            <TopologyGraph nodes={nodes} edges={edges} labels="problems" />
          ) : (
            <EdgeTable
              nodes={nodes}
              edges={edges}
              title={`Edges in ${value.environment}`}
            />
          )}
        </>
      );
  }

  return (
    <>
      <InlineRow mb={2}>
        {value && value.environments.length > 1 && (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={value.environment}
            aria-label="Environment"
            onChange={(_e, next: string | null) => {
              if (next) {
                setEnvironment(next);
                setNamespace('');
                setOwner('');
              }
            }}
          >
            {value.environments.map(env => (
              <ToggleButton key={env} value={env}>
                {env}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        )}
        <FilterSelect
          label="Namespace"
          value={namespace}
          onChange={setNamespace}
          options={distinctOptions(value?.namespaces ?? [])}
        />
        <FilterSelect
          label="Owner"
          value={owner}
          onChange={setOwner}
          options={distinctOptions(owners, ownerLabel)}
        />
        <ViewToggle value={view} onChange={setView} />
        <ReloadControls value={value} loading={loading} onReload={retry} />
      </InlineRow>
      {body}
    </>
  );
};
