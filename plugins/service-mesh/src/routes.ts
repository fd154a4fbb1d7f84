import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the service-mesh entity tab. */
export const entityContentRouteRef = createRouteRef({
  id: 'service-mesh:entity-content',
});

/** Route of the mesh overview page. */
export const rootRouteRef = createRouteRef({ id: 'service-mesh:overview' });
