import { getCompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteRef,
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_MESH_WORKLOAD,
  isServiceMeshAvailable,
} from '@meshport/plugin-service-mesh-common';
import type { EnvironmentStatus } from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';
import {
  formatMs,
  formatPercent,
  healthLevel,
  mtlsLabel,
  mtlsLevel,
  SandboxLabel,
  sourceStateLabel,
  StatusChip,
  syncLevel,
  thresholdLabel,
  thresholdLevel,
  useSloThresholds,
} from '../common';

/** Path of the Service Mesh tab below the entity page, in both frontend systems. */
export const SERVICE_MESH_TAB_PATH = 'service-mesh';

const ArgoCells = (props: { env: EnvironmentStatus }) => {
  const { argocd } = props.env;
  if (argocd.state !== 'ok' || !argocd.data) {
    return (
      <TableCell colSpan={2}>
        <StatusChip
          level={argocd.state === 'not-configured' ? 'unknown' : 'error'}
          label={`Argo CD ${sourceStateLabel(argocd.state).toLocaleLowerCase('en-US')}`}
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

/** Overview-tab card: one row per environment with sync, health, mTLS, error ratio and p99. */
export const EntityServiceMeshOverviewCard = () => {
  const { entity } = useEntity();
  const api = useApi(serviceMeshApiRef);
  const slo = useSloThresholds();
  const entityRoute = useRouteRef(entityRouteRef);
  const available = isServiceMeshAvailable(entity);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { value, loading, error } = useAsyncRetry(
    async () => (available ? api.getStatus(entityRef) : undefined),
    [api, entityRef, available],
  );
  const tabLink = `${entityRoute({
    kind: entityRef.kind.toLocaleLowerCase('en-US'),
    namespace: entityRef.namespace,
    name: entityRef.name,
  })}/${SERVICE_MESH_TAB_PATH}`;

  if (!available) {
    return (
      <MissingAnnotationEmptyState
        annotation={[ANNOTATION_MESH_WORKLOAD, ANNOTATION_ARGOCD_APP_SELECTOR]}
      />
    );
  }

  let content;
  if (loading) {
    content = (
      <div aria-label="Loading service mesh status">
        <Skeleton variant="text" />
        <Skeleton variant="text" />
        <Skeleton variant="text" />
      </div>
    );
  } else if (error) {
    content = (
      <ResponseErrorPanel
        error={error}
        title="Could not load the service mesh status"
      />
    );
  } else if (value) {
    content = (
      <>
        {value.sandbox && <SandboxLabel />}
        {value.environments.length === 0 ? (
          <Typography variant="body2">No environment found.</Typography>
        ) : (
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
              {value.environments.map(env => {
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
                      <Link to={tabLink}>{env.name}</Link>
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
                        title={`Error ratio ${formatPercent(signals?.errorRatio)}: ${thresholdLabel(errorLevel)}`}
                      />
                    </TableCell>
                    <TableCell>
                      <StatusChip
                        level={p99Level}
                        label={formatMs(signals?.latencyP99Ms)}
                        title={`p99 latency ${formatMs(signals?.latencyP99Ms)}: ${thresholdLabel(p99Level)}`}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Service mesh"
      deepLink={{ title: 'Open the Service Mesh tab', link: tabLink }}
    >
      {content}
    </InfoCard>
  );
};
