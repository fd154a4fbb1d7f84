import {
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  TabbedLayout,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { serviceMeshApiRef } from '../../api';
import {
  InlineRow,
  ReloadControls,
  SourceProblem,
  StaleSources,
} from '../common';
import { MeshGraphContent } from '../MeshGraph/MeshGraphContent';
import { ServiceMeshOverviewTable } from './ServiceMeshOverviewTable';

/** Body of the mesh overview page: one batched `/overview` call, then the filterable table. */
export const ServiceMeshOverviewContent = () => {
  const api = useApi(serviceMeshApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getOverview(),
    [api],
  );
  let body;
  if (!value && loading) {
    body = (
      <div aria-label="Loading mesh overview">
        <Skeleton variant="rect" height={48} />
        {[0, 1, 2, 3, 4].map(i => (
          <Skeleton key={i} variant="text" height={32} />
        ))}
      </div>
    );
  } else if (error) {
    body = (
      <ResponseErrorPanel
        error={error}
        title="Could not load the mesh overview"
      />
    );
  } else if (value) {
    body = (
      <>
        {value.sources
          .filter(s => s.state !== 'ok')
          .map(s => (
            <Box mb={1} key={`${s.source}:${s.instance ?? ''}`}>
              <SourceProblem result={s} />
            </Box>
          ))}
        <StaleSources answer={value.sources} />
        {value.rows.length === 0 ? (
          <Alert severity="info">
            No meshed service you may see: add the meshport.io/workload or
            argocd/app-selector annotation to a component.
          </Alert>
        ) : (
          <ServiceMeshOverviewTable overview={value} />
        )}
      </>
    );
  }
  return (
    <>
      <ContentHeader title="Every meshed service, per environment">
        <InlineRow>
          <ReloadControls value={value} loading={loading} onReload={retry} />
        </InlineRow>
      </ContentHeader>
      {body}
    </>
  );
};

/**
 * The mesh overview page (sidebar entry): deployments, sync, mTLS and errors of every meshed service,
 * and the mesh graph on its own tab (`graph`).
 */
export const ServiceMeshOverviewPage = () => (
  <Page themeId="tool">
    <Header
      title="Service mesh"
      subtitle="Is every service deployed, secure and healthy?"
    />
    <TabbedLayout>
      <TabbedLayout.Route path="/" title="Services">
        <ServiceMeshOverviewContent />
      </TabbedLayout.Route>
      <TabbedLayout.Route path="/graph" title="Mesh graph">
        <MeshGraphContent />
      </TabbedLayout.Route>
    </TabbedLayout>
  </Page>
);
