import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ServiceMeshClient, serviceMeshApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The service-mesh frontend plugin (legacy frontend system). */
export const serviceMeshPlugin = createPlugin({
  id: 'service-mesh',
  apis: [
    createApiFactory({
      api: serviceMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceMeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, entityContent: entityContentRouteRef },
});

/** The "Service Mesh" entity tab; mount it with `EntityLayout.Route path="/service-mesh"`. */
export const EntityServiceMeshContent = serviceMeshPlugin.provide(
  createRoutableExtension({
    name: 'EntityServiceMeshContent',
    component: () =>
      import('./components/EntityServiceMeshContent/EntityServiceMeshContent').then(
        m => m.EntityServiceMeshContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/** Overview-tab card: sync, health, mTLS, error ratio and p99 per environment. */
export const EntityServiceMeshOverviewCard = serviceMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceMeshOverviewCard',
    component: {
      lazy: () =>
        import('./components/EntityServiceMeshOverviewCard/EntityServiceMeshOverviewCard').then(
          m => m.EntityServiceMeshOverviewCard,
        ),
    },
  }),
);

/** The mesh overview page; mount it at `/service-mesh`. */
export const ServiceMeshOverviewPage = serviceMeshPlugin.provide(
  createRoutableExtension({
    name: 'ServiceMeshOverviewPage',
    component: () =>
      import('./components/ServiceMeshOverviewPage/ServiceMeshOverviewPage').then(
        m => m.ServiceMeshOverviewPage,
      ),
    mountPoint: rootRouteRef,
  }),
);
