import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import {
  checkoutEntity,
  checkoutStatus,
  overview,
  plainEntity,
  prodSignalsResponse,
} from './__fixtures__/status';
import type { ServiceMeshApi } from './api';
import { serviceMeshApiRef } from './api';
import serviceMeshPlugin, {
  serviceMeshApi,
  serviceMeshEntityCard,
  serviceMeshEntityContent,
  serviceMeshPage,
} from './alpha';

describe('service-mesh plugin for the new frontend system', () => {
  it('is the service-mesh plugin with its API, tab, card and page', () => {
    expect(serviceMeshPlugin.pluginId).toBe('service-mesh');
    expect(serviceMeshPlugin.title).toBe('Service Mesh');
    expect(Object.keys(serviceMeshPlugin.routes).sort()).toEqual([
      'entityContent',
      'root',
    ]);
    for (const id of [
      'api:service-mesh',
      'entity-content:service-mesh',
      'entity-card:service-mesh',
      'page:service-mesh',
    ]) {
      expect(serviceMeshPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('builds the API extension with the service-mesh client', () => {
    const factory = createExtensionTester(serviceMeshApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.service-mesh.service');
  });

  it('adds the Service Mesh tab to entities with our annotations only', () => {
    const tester = createExtensionTester(serviceMeshEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('service-mesh');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Service Mesh',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(checkoutEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);
  });

  it('renders the tab for an entity through the extension', async () => {
    const api: Partial<ServiceMeshApi> = {
      getStatus: async () => checkoutStatus,
      getSignals: async () => prodSignalsResponse,
    };
    const tester = createExtensionTester(serviceMeshEntityContent);
    await renderInTestApp(
      <EntityProvider entity={checkoutEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [serviceMeshApiRef, api as ServiceMeshApi],
          [permissionApiRef, mockApis.permission()],
        ],
      },
    );
    expect(
      await screen.findByRole('region', { name: 'prod' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'dev' })).toBeInTheDocument();
  });

  it('adds the overview card as an info card on entities with our annotations only', () => {
    const tester = createExtensionTester(serviceMeshEntityCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(checkoutEntity)).toBe(true);
    expect(filter(plainEntity)).toBe(false);
  });

  it('mounts the mesh overview page at /service-mesh and renders it', async () => {
    const api: Partial<ServiceMeshApi> = { getOverview: async () => overview };
    const tester = createExtensionTester(serviceMeshPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/service-mesh');
    await renderInTestApp(tester.reactElement(), {
      apis: [[serviceMeshApiRef, api as ServiceMeshApi]],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    });
    expect(await screen.findByText('Services (4 of 4)')).toBeInTheDocument();
  });
});
