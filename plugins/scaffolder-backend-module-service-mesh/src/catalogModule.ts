import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readServiceMeshScaffolderConfig } from './config';
import { LocalRepositoryEntityProvider } from './localRepo/LocalRepositoryEntityProvider';

/**
 * Catalog module for local publishing: reads the repositories under
 * `serviceMeshScaffolder.localPublish.directory` into the catalog (every 3 seconds). Does nothing when
 * local publishing is not configured.
 */
export const catalogModuleServiceMeshLocalRepositories = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'service-mesh-local-repositories',
  register({ registerInit }) {
    registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
      },
      async init({ catalog, config, scheduler, logger }) {
        const local = readServiceMeshScaffolderConfig(config, {
          production: process.env.NODE_ENV === 'production',
        }).localPublish;
        if (!local) return;
        const provider = new LocalRepositoryEntityProvider(
          local.directory,
          logger,
        );
        catalog.addEntityProvider(provider);
        await scheduler.scheduleTask({
          id: 'meshport-local-repositories-refresh',
          frequency: { seconds: 3 },
          timeout: { seconds: 30 },
          scope: 'local',
          fn: () => provider.refresh(),
        });
      },
    });
  },
});
