/*
 * In sandbox mode there is no Argo CD for Roadie's Argo CD cards to read. This proxy module points the
 * path they read by default (`/api/proxy/argocd/api`, Argo CD's `/api/v1`) at the service-mesh
 * plugin's simulated Argo CD, forwarding the caller's own Backstage token (the sandbox routes require
 * one) and letting only GET through. Configured proxy endpoints win: a real `proxy.endpoints./argocd/api`
 * replaces this one.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { proxyEndpointsExtensionPoint } from '@backstage/plugin-proxy-node/alpha';
import { SANDBOX_ARGOCD_PATH } from '@meshport/plugin-service-mesh-backend';

/** The proxy path Roadie's Argo CD plugin reads when an entity has no `argocd/proxy-url`. */
export const ROADIE_DEFAULT_PROXY_PATH = '/argocd/api';

/** Adds the sandbox Argo CD proxy endpoint when `serviceMesh.sandbox` is on; nothing otherwise. */
export const sandboxArgoCdProxyModule = createBackendModule({
  pluginId: 'proxy',
  moduleId: 'meshport-sandbox-argocd',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        proxy: proxyEndpointsExtensionPoint,
      },
      async init({ config, discovery, proxy }) {
        // The service-mesh plugin refuses to start with the sandbox under NODE_ENV=production.
        if (!config.getOptionalBoolean('serviceMesh.sandbox')) return;
        const serviceMesh = await discovery.getBaseUrl('service-mesh');
        proxy.addProxyEndpoints({
          [ROADIE_DEFAULT_PROXY_PATH]: {
            target: `${serviceMesh}${SANDBOX_ARGOCD_PATH}`,
            credentials: 'forward',
            allowedMethods: ['GET'],
          },
        });
      },
    });
  },
});
