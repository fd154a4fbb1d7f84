import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  argocdRefreshPermission,
  argocdSyncPermission,
  diagnosticsReadPermission,
  isKubernetesName,
  type KubernetesNameRule,
} from '@meshport/plugin-service-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityAccess, entityParams, parse } from './routeHelpers';
import { checkRevision, normalizeEntityRef } from './services/argocd';
import type { MeshStatusService } from './services/status';
import { catalogView, type TopologyService } from './services/topology';
import type { CallerEntities } from './services/targets';

/** Dependencies of the HTTP routes. */
export interface RouterOptions {
  service: MeshStatusService;
  topology: TopologyService;
  catalog: CatalogService;
  /** The meshed entities each caller may read, kept per caller (`catalogViewTtlSeconds`). */
  callerEntities: CallerEntities;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
}

/** A route parameter that must be a Kubernetes name; `message` says which. */
const kubernetesName = (rule: KubernetesNameRule, message: string) =>
  z.string().refine(value => isKubernetesName(value, rule), message);

/**
 * An environment id (`<instance>:<app namespace>/<app>`) or name as `environmentOf` derives it from an
 * application (not a Kubernetes name).
 */
const ENVIRONMENT = /^[A-Za-z0-9][-A-Za-z0-9_.:/]{0,316}$/;

const appParams = entityParams.extend({
  instance: kubernetesName(
    'dns1123-label',
    'not a valid Argo CD instance name',
  ),
  app: kubernetesName(
    'dns1123-subdomain',
    'not a valid Argo CD application name',
  ),
});
const revisionParams = appParams.extend({ revision: z.string() });
const appQuery = z.object({
  appNamespace: kubernetesName(
    'dns1123-label',
    'not a valid Kubernetes namespace',
  ).optional(),
});
const revisionQuery = appQuery.extend({
  sourceIndex: z.coerce
    .number()
    .int('not a source index')
    .min(0, 'not a source index')
    .max(99, 'not a source index')
    .optional(),
});
const signalsQuery = z.object({
  environment: z
    .string()
    .regex(ENVIRONMENT, 'not a valid environment id or name')
    .optional(),
  range: z.enum(['1h', '6h', '24h', '7d']).default('1h'),
});

const environmentQuery = signalsQuery.pick({ environment: true });
const OWNER_DEFAULTS = { defaultKind: 'group', defaultNamespace: 'default' };
const graphQuery = environmentQuery.extend({
  namespace: kubernetesName(
    'dns1123-label',
    'not a valid Kubernetes namespace',
  ).optional(),
  owner: z
    .string()
    .max(255)
    .transform(value => normalizeEntityRef(value, OWNER_DEFAULTS) ?? '')
    .refine(
      value => value !== '',
      'not an entity ref such as group:default/team-a',
    )
    .optional(),
});

/** Builds the HTTP routes of the service-mesh backend (see openapi.yaml). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    service,
    topology,
    catalog,
    callerEntities,
    httpAuth,
    permissions,
    auditor,
    logger,
  } = options;
  const router = Router();
  router.use(express.json());

  const { entityFor, authorize } = entityAccess({
    catalog,
    httpAuth,
    permissions,
  });
  /**
   * The catalog as the caller sees it. Its meshed entities are read (or taken from the caller's kept
   * view) at once, while the route's upstream calls, which do not depend on them, are under way.
   */
  const viewOf = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req);
    return catalogView(
      catalog,
      credentials,
      callerEntities.read(credentials, req.headers.authorization),
    );
  };

  router.get('/entities/:kind/:namespace/:name/status', async (req, res) => {
    const entity = await entityFor(req);
    res.json(await service.entityStatus(entity));
  });

  router.get('/entities/:kind/:namespace/:name/signals', async (req, res) => {
    const entity = await entityFor(req);
    const { environment, range } = parse(signalsQuery, req.query, 'query');
    res.json(await service.entitySignals(entity, environment, range));
  });

  router.get('/entities/:kind/:namespace/:name/topology', async (req, res) => {
    const entity = await entityFor(req);
    const { environment, range } = parse(signalsQuery, req.query, 'query');
    const view = await viewOf(req);
    res.json(await topology.entityTopology(entity, view, environment, range));
  });

  router.get('/entities/:kind/:namespace/:name/traces', async (req, res) => {
    const entity = await entityFor(req);
    const { environment } = parse(environmentQuery, req.query, 'query');
    res.json(await topology.entityTraces(entity, environment));
  });

  router.get('/graph', async (req, res) => {
    const query = parse(graphQuery, req.query, 'query');
    res.json(await topology.meshGraph(await viewOf(req), query));
  });

  router.get(
    '/entities/:kind/:namespace/:name/argocd/:instance/applications/:app/revisions/:revision/metadata',
    async (req, res) => {
      const entity = await entityFor(req);
      const { instance, app, revision } = parse(
        revisionParams,
        req.params,
        'path',
      );
      const { appNamespace, sourceIndex } = parse(
        revisionQuery,
        req.query,
        'query',
      );
      res.json(
        await service.revisionMetadata(
          entity,
          { instance, app, appNamespace },
          checkRevision(revision),
          sourceIndex,
        ),
      );
    },
  );

  for (const action of ['refresh', 'sync'] as const) {
    router.post(
      `/entities/:kind/:namespace/:name/argocd/:instance/applications/:app/${action}`,
      async (req, res) => {
        const entity = await entityFor(req);
        const { instance, app } = parse(appParams, req.params, 'path');
        const { appNamespace } = parse(appQuery, req.query, 'query');
        const entityRef = stringifyEntityRef(entity);
        const meta = {
          action,
          entityRef,
          instance,
          app,
          ...(appNamespace ? { appNamespace } : {}),
        };
        const event = await auditor.createEvent({
          eventId: `argocd-${action}`,
          severityLevel: action === 'sync' ? 'medium' : 'low',
          request: req,
          meta,
        });
        try {
          const credentials = await authorize(
            req,
            action === 'sync' ? argocdSyncPermission : argocdRefreshPermission,
            entityRef,
          );
          const result = await service.argoAction(
            entity,
            { instance, app, appNamespace },
            action,
          );
          const principal = credentials.principal as {
            userEntityRef?: string;
            subject?: string;
          };
          const who =
            principal.userEntityRef ??
            `service ${principal.subject ?? '(unknown)'}`;
          logger.info(
            `${who} asked Argo CD instance "${instance}" to ${action} application "${app}" of ${entityRef}: ${result.result}`,
          );
          await event.success({ meta: { result: result.result } });
          res.json(result);
        } catch (error) {
          await event.fail({ error: error as Error });
          throw error;
        }
      },
    );
  }

  router.get('/overview', async (req, res) => {
    // Rows are built only for the entities this caller may read.
    res.json(await service.overview((await viewOf(req)).entities));
  });

  router.get('/diagnostics', async (req, res) => {
    await authorize(req, diagnosticsReadPermission);
    res.json({ entries: await service.diagnostics() });
  });

  return router;
}
