import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { configApiRef, discoveryApiRef } from '@backstage/core-plugin-api';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { EvaluatePermissionRequest } from '@backstage/plugin-permission-common';
import {
  MockFetchApi,
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { JsonObject } from '@backstage/types';
import { SWRConfig } from 'swr';
import { ServiceMeshClient, serviceMeshApiRef } from '../api';

/** A cell as `level:label` when it holds a status chip (its icon's text left out), else its text. */
export function cellText(cell: HTMLElement): string {
  const chip = cell.querySelector<HTMLElement>('[data-level]');
  const label = chip?.querySelector('.MuiChip-label');
  return chip && label
    ? `${chip.dataset.level}:${label.textContent}`
    : (cell.textContent ?? '');
}

/** Where the mock discovery API puts the service-mesh backend. */
export const backendUrl = 'http://localhost:7007/api/service-mesh';

/** Renders an element inside a test app with a real client against msw, an entity and permissions. */
export function renderWithApis(
  element: ReactElement,
  options: {
    entity?: Entity;
    /** Which permissions (by name) are allowed; all others are denied. Default: all allowed. */
    allow?: string[];
    config?: JsonObject;
  } = {},
) {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const serviceMeshApi = new ServiceMeshClient({
    discoveryApi,
    fetchApi: new MockFetchApi(),
  });
  const authorize = (request: EvaluatePermissionRequest) =>
    !options.allow || options.allow.includes(request.permission.name)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  const wrapped = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  // usePermission caches answers in SWR's global cache; a fresh cache keeps tests independent.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [discoveryApiRef, discoveryApi],
          [serviceMeshApiRef, serviceMeshApi],
          [permissionApiRef, mockApis.permission({ authorize })],
          [configApiRef, mockApis.config({ data: options.config ?? {} })],
        ]}
      >
        {wrapped}
      </TestApiProvider>
    </SWRConfig>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
