import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCanaryActions } from './actions/canary';
import { createGenerateServiceAction } from './actions/generate';
import { createRollbackAction } from './actions/gitopsRollback';
import { createGeneratePlatformAction } from './actions/generatePlatform';
import { createPublishLocalAction } from './actions/publishLocal';
import { createRegisterLocalAction } from './actions/registerLocal';
import { readServiceMeshScaffolderConfig } from './config';
import { GitHubProposals } from './gitops/github';
import { LocalRepoStore } from './localRepo/LocalRepoStore';

/** Registers Meshport's scaffolder actions with the scaffolder backend. */
export const scaffolderModuleServiceMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'service-mesh',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
      },
      async init({ scaffolder, config, catalog, permissions }) {
        const settings = readServiceMeshScaffolderConfig(config, {
          production: process.env.NODE_ENV === 'production',
        });
        const store = new LocalRepoStore(settings.localPublish);
        const gitops = {
          github: GitHubProposals.fromConfig(config),
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        };
        scaffolder.addActions(
          createGenerateServiceAction({ config: settings }),
          createGeneratePlatformAction({ config: settings }),
          createPublishLocalAction({ store, permissions }),
          createRegisterLocalAction({ store, catalog, permissions }),
          createRollbackAction({ store, permissions, gitops }),
          ...createCanaryActions({ store, permissions, gitops }),
        );
      },
    });
  },
});
