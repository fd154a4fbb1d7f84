import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { serviceMeshPermissions } from '@meshport/plugin-service-mesh-common';
import { readServiceMeshConfig } from './config';
import { createRouter } from './router';
import { SourceCache } from './services/cache';
import { createSandboxSources } from './services/sandbox';
import {
  createMeshStatusService,
  createUpstreamSources,
} from './services/status';

/** The service-mesh backend plugin: serves the mesh status of catalog entities at /api/service-mesh. */
export const serviceMeshPlugin = createBackendPlugin({
  pluginId: 'service-mesh',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        cache: coreServices.cache,
        config: coreServices.rootConfig,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const config = readServiceMeshConfig(deps.config);
        const sources = config.sandbox
          ? createSandboxSources({ catalog: deps.catalog, auth: deps.auth })
          : createUpstreamSources({ config, urlReader: deps.urlReader });
        if (config.sandbox) {
          deps.logger.warn(
            'serviceMesh.sandbox is on: Argo CD, Kiali, Prometheus and Git are simulated and every answer is marked sandbox',
          );
        }
        deps.permissionsRegistry.addPermissions(serviceMeshPermissions);
        const service = createMeshStatusService({
          sources,
          cache: new SourceCache(deps.cache, config.cacheTtlSeconds * 1000),
          deadlineMs: config.deadlineMs,
          logger: deps.logger,
          access: config.access ?? {},
        });
        deps.httpRouter.use(
          await createRouter({
            service,
            catalog: deps.catalog,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger: deps.logger,
          }),
        );
      },
    });
  },
});
