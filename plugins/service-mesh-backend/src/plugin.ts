import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  GitHubProposals,
  LocalRepoStore,
  readServiceMeshScaffolderConfig,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import { serviceMeshPermissions } from '@meshport/plugin-service-mesh-common';
import { readServiceMeshConfig } from './config';
import { createGitOpsRouter } from './gitopsRouter';
import { createRouter } from './router';
import { createSandboxArgoCdRouter } from './sandboxArgoCdRouter';
import {
  FailoverStore,
  isProcessLocalStore,
  SourceCache,
} from './services/cache';
import { createCanaryAnalyzer, createGitOpsService } from './services/gitops';
import {
  createSandboxSources,
  seedSandboxRepositories,
} from './services/sandbox';
import {
  createMeshStatusService,
  createUpstreamSources,
} from './services/status';
import { CallerEntities } from './services/targets';
import { createTopologyService } from './services/topology';

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
        // Rollback and canary steps change the local repositories the scaffolder module publishes.
        const localRepos = new LocalRepoStore(
          readServiceMeshScaffolderConfig(deps.config, {
            production: process.env.NODE_ENV === 'production',
          }).localPublish,
        );
        if (config.sandbox && localRepos.enabled) {
          // The sandbox's example services that live in Git (checkout), made once.
          await seedSandboxRepositories(localRepos, deps.logger);
        }
        const sources = config.sandbox
          ? createSandboxSources({
              catalog: deps.catalog,
              auth: deps.auth,
              faultsFile: config.sandboxFaultsFile,
              localRepos,
            })
          : createUpstreamSources({ config, urlReader: deps.urlReader });
        if (config.sandbox) {
          deps.logger.warn(
            'serviceMesh.sandbox is on: Argo CD, Kiali, Prometheus and Git are simulated and every answer is marked sandbox',
          );
        }
        deps.permissionsRegistry.addPermissions(serviceMeshPermissions);
        // One store for every cache of the replica. While Redis is down, it caches in memory instead of
        // going without a cache; with Backstage's memory store (this process's own map), answers stay
        // in memory as objects, not parsed from JSON again on every read.
        const store = new FailoverStore(deps.cache, {
          processLocal: isProcessLocalStore(deps.config),
        });
        const service = createMeshStatusService({
          sources,
          cache: new SourceCache(store, config.cacheTtlSeconds * 1000, {
            keepMs: config.resilience.staleTtlSeconds * 1000,
          }),
          deadlineMs: config.deadlineMs,
          logger: deps.logger,
          access: config.access ?? {},
          resilience: config.resilience,
        });
        const topology = createTopologyService({
          sources,
          cache: new SourceCache(store, config.cacheTtlSeconds * 1000),
          deadlineMs: config.deadlineMs,
          logger: deps.logger,
          access: config.access ?? {},
        });
        deps.httpRouter.use(
          await createRouter({
            service,
            topology,
            catalog: deps.catalog,
            callerEntities: new CallerEntities(deps.catalog, {
              ttlMs: config.catalogViewTtlSeconds * 1000,
            }),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger: deps.logger,
          }),
        );
        deps.httpRouter.use(
          createGitOpsRouter({
            gitops: createGitOpsService({
              store: localRepos,
              analyzer: createCanaryAnalyzer(config),
              gitops: {
                github: GitHubProposals.fromConfig(deps.config),
                appBaseUrl: deps.config.getOptionalString('app.baseUrl'),
              },
            }),
            catalog: deps.catalog,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger: deps.logger,
          }),
        );
        if (sources.sandbox) {
          // Argo CD's own REST shapes for plugins that read Argo CD themselves (Roadie's cards).
          deps.httpRouter.use(
            createSandboxArgoCdRouter({ argocd: sources.argocd[0].api }),
          );
        }
      },
    });
  },
});
