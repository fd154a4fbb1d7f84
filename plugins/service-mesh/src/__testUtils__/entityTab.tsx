import { registerMswTestHooks } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type {
  EntityMeshStatus,
  EntitySignalsResponse,
  EnvironmentStatus,
} from '@meshport/plugin-service-mesh-common';
import {
  checkoutEntity,
  checkoutStatus,
  prodSignalsResponse,
} from '../__fixtures__/status';
import { checkoutTopology, checkoutTraces } from '../__fixtures__/topology';
import { EntityServiceMeshContent } from '../components/EntityServiceMeshContent/EntityServiceMeshContent';
import { backendUrl, renderWithApis } from './render';

/** The checkout entity's routes on the service-mesh backend. */
export const entityPath = `${backendUrl}/entities/Component/default/checkout`;

/** The signals route's answer for the checkout environment `environmentId` when no Prometheus is configured. */
export function signalsWithoutPrometheus(
  environmentId: string,
): EntitySignalsResponse {
  const environment = checkoutStatus.environments.find(
    e => e.id === environmentId,
  );
  if (!environment)
    throw new Error(`checkout has no environment ${environmentId}`);
  return {
    entityRef: 'component:default/checkout',
    environment: environment.name,
    environmentId,
    sandbox: false,
    signals: {
      source: 'prometheus',
      state: 'not-configured',
      message: 'No Prometheus instance is configured (serviceMesh.prometheus)',
    },
  };
}

/** Serves the signals route with prod's series; returns the `environment:range` of each call. */
export function serveSignals(server: ReturnType<typeof setupServer>): string[] {
  const ranges: string[] = [];
  server.use(
    http.get(`${entityPath}/signals`, ({ request }) => {
      const url = new URL(request.url);
      ranges.push(
        `${url.searchParams.get('environment')}:${url.searchParams.get('range')}`,
      );
      return HttpResponse.json({
        ...prodSignalsResponse,
        environment: url.searchParams.get('environment')!,
      });
    }),
  );
  return ranges;
}

/**
 * The entity tab against msw for one test file: the server (hooks registered), the routes every
 * environment loads, and helpers to serve the status and the signals and to render the tab. By
 * default topology and traces have no edges or hotspots and the signals route has no Prometheus, so
 * that a test draws no chart or graph it does not look at (each is tested beside its component).
 */
export function setupEntityTab() {
  const server = setupServer();
  registerMswTestHooks(server);
  beforeEach(() =>
    server.use(
      http.get(`${entityPath}/topology`, () =>
        HttpResponse.json({
          ...checkoutTopology,
          topology: {
            ...checkoutTopology.topology,
            data: {
              ...checkoutTopology.topology.data!,
              edges: [],
              findings: [],
            },
          },
        }),
      ),
      http.get(`${entityPath}/signals`, ({ request }) =>
        HttpResponse.json(
          signalsWithoutPrometheus(
            new URL(request.url).searchParams.get('environment')!,
          ),
        ),
      ),
      http.get(`${entityPath}/traces`, () =>
        HttpResponse.json({
          ...checkoutTraces,
          traces: {
            ...checkoutTraces.traces,
            data: { ...checkoutTraces.traces.data!, slowest: [], failing: [] },
          },
        }),
      ),
    ),
  );

  return {
    server,
    serveStatus(status: EntityMeshStatus) {
      server.use(
        http.get(`${entityPath}/status`, () => HttpResponse.json(status)),
      );
    },
    serveSignals: () => serveSignals(server),
  };
}

const [prod] = checkoutStatus.environments;

/** The checkout status with only prod, patched. */
export function withProd(patch: Partial<EnvironmentStatus>): EntityMeshStatus {
  return { ...checkoutStatus, environments: [{ ...prod, ...patch }] };
}

/** Renders the tab for the checkout entity. */
export async function renderTab(
  options: Parameters<typeof renderWithApis>[1] = {},
) {
  await renderWithApis(<EntityServiceMeshContent />, {
    entity: checkoutEntity,
    ...options,
  });
}

/**
 * An environment's section, by its heading's text. Not by role and name: jsdom computes the style of
 * every candidate up the tree, a second per lookup in a whole tab. The environments test checks
 * the sections' roles and names once.
 */
export async function region(name: string): Promise<HTMLElement> {
  const heading = await screen.findByText(name, { selector: 'h2' });
  return heading.closest('section')!;
}
