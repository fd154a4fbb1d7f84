import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { isServiceMeshAvailable } from '@meshport/plugin-service-mesh-common';
import { ServiceMeshClient, serviceMeshApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The service-mesh API client. */
export const serviceMeshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: serviceMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceMeshClient({ discoveryApi, fetchApi }),
    }),
});

/** The "Service Mesh" entity tab, on entities that carry Meshport or Argo CD annotations. */
export const serviceMeshEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'service-mesh',
    title: 'Service Mesh',
    routeRef: convertLegacyRouteRef(entityContentRouteRef),
    filter: isServiceMeshAvailable,
    loader: () =>
      import('./components/EntityServiceMeshContent/EntityServiceMeshContent').then(
        m => <m.EntityServiceMeshContent />,
      ),
  },
});

/** Overview-tab card: one row per environment. */
export const serviceMeshEntityCard = EntityCardBlueprint.make({
  params: {
    type: 'info',
    filter: isServiceMeshAvailable,
    loader: () =>
      import('./components/EntityServiceMeshOverviewCard/EntityServiceMeshOverviewCard').then(
        m => <m.EntityServiceMeshOverviewCard />,
      ),
  },
});

/** The mesh overview page at /service-mesh, with its navigation item. */
export const serviceMeshPage = PageBlueprint.make({
  params: {
    path: '/service-mesh',
    title: 'Service Mesh',
    icon: <DeviceHubIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/ServiceMeshOverviewPage/ServiceMeshOverviewPage').then(
        m => <m.ServiceMeshOverviewPage />,
      ),
  },
});

/** The service-mesh plugin for the new frontend system: `features: [import('@meshport/plugin-service-mesh/alpha')]`. */
export default createFrontendPlugin({
  pluginId: 'service-mesh',
  title: 'Service Mesh',
  icon: <DeviceHubIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    entityContent: convertLegacyRouteRef(entityContentRouteRef),
  },
  extensions: [
    serviceMeshApi,
    serviceMeshEntityContent,
    serviceMeshEntityCard,
    serviceMeshPage,
  ],
});
