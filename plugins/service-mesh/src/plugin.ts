import { createPlugin, createRouteRef } from '@backstage/core-plugin-api';

/** Route of the service-mesh entity tab. */
export const entityContentRouteRef = createRouteRef({
  id: 'service-mesh:entity-content',
});

/** The service-mesh frontend plugin (legacy frontend system). */
export const serviceMeshPlugin = createPlugin({
  id: 'service-mesh',
  routes: { entityContent: entityContentRouteRef },
});
