/*
 * The Meshport development portal backend: Backstage's new backend system with the catalog,
 * scaffolder, auth (guest), permission, proxy and app backends, plus the Meshport plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import { validateStartupConfig } from './validateConfig';
import { permissionPolicyFromConfig } from './productionPolicy';
import { sandboxArgoCdProxyModule } from './sandboxArgoCdProxy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));
// Sandbox only: Roadie's Argo CD cards read the simulated Argo CD through the proxy.
backend.add(sandboxArgoCdProxyModule);

// Auth: the guest provider gives every local request a real identity; the default auth policy stays on.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// The policy named by meshport.permissionPolicy (development, or production in app-config.production.yaml).
backend.add(permissionPolicyFromConfig);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@meshport/plugin-scaffolder-backend-module-service-mesh'));
backend.add(import('@meshport/plugin-scaffolder-backend-module-service-mesh/catalog'));

backend.add(import('@meshport/plugin-service-mesh-backend'));

validateStartupConfig().then(
  () => backend.start(),
  error => {
    // A config mistake stops the portal at once, with the config path in the message.
    console.error(`Invalid configuration: ${error.message}`);
    process.exit(1);
  },
);
