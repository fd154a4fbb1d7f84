/*
 * Runs the plugin on its own (`npm start` in this package): catalog with the example entities, guest
 * sign-in, the permission backend with a policy that allows signed-in users, and the service-mesh
 * plugin with the repository's app-config (sandbox on).
 */
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  createBackendModule({
    pluginId: 'permission',
    moduleId: 'service-mesh-dev-policy',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({
            handle: async () => ({ result: AuthorizeResult.ALLOW }),
          });
        },
      });
    },
  }),
);
backend.add(import('../src'));

backend.start();
