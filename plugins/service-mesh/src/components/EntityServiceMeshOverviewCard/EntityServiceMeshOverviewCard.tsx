import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  MissingMeshAnnotations,
  SandboxLabel,
  useEntityMeshStatus,
} from '../common';
import { EnvironmentSummaryTable } from '../EnvironmentSummaryTable/EnvironmentSummaryTable';

/** Path of the Service Mesh tab below the entity page, in both frontend systems. */
export const SERVICE_MESH_TAB_PATH = 'service-mesh';

/** Overview-tab card: one row per environment with sync, health, mTLS, error ratio and p99. */
export const EntityServiceMeshOverviewCard = () => {
  const entityRoute = useRouteRef(entityRouteRef);
  const { available, entityRef, value, loading, error } = useEntityMeshStatus();
  const tabLink = `${entityRoute({
    kind: entityRef.kind.toLocaleLowerCase('en-US'),
    namespace: entityRef.namespace,
    name: entityRef.name,
  })}/${SERVICE_MESH_TAB_PATH}`;

  if (!available) {
    return <MissingMeshAnnotations />;
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
          <EnvironmentSummaryTable
            environments={value.environments}
            renderName={env => (
              <Link to={`${tabLink}#service-mesh-env-${env.name}`}>
                {env.name}
              </Link>
            )}
          />
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
