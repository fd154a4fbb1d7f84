import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  proxyEndpointsExtensionPoint,
  type ProxyConfig,
} from '@backstage/plugin-proxy-node/alpha';
import { sandboxArgoCdProxyModule } from './sandboxArgoCdProxy';

/** The endpoints the module hands to a stand-in proxy plugin. */
async function endpointsWith(serviceMesh: { sandbox?: boolean }) {
  const added: Record<string, string | ProxyConfig> = {};
  const proxy = createBackendPlugin({
    pluginId: 'proxy',
    register(env) {
      env.registerExtensionPoint(proxyEndpointsExtensionPoint, {
        addProxyEndpoints: endpoints => Object.assign(added, endpoints),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
  const backend = await startTestBackend({
    features: [
      proxy,
      sandboxArgoCdProxyModule,
      mockServices.rootConfig.factory({ data: { serviceMesh } }),
      mockServices.discovery.factory(),
    ],
  });
  await backend.stop();
  return added;
}

describe('the sandbox Argo CD proxy endpoint', () => {
  it("points Roadie's default proxy path at the simulated Argo CD, forwarding the caller's token, GET only", async () => {
    expect(await endpointsWith({ sandbox: true })).toEqual({
      '/argocd/api': {
        target: 'http://localhost:0/api/service-mesh/sandbox/argocd/api/v1',
        credentials: 'forward',
        allowedMethods: ['GET'],
      },
    });
  });

  it('adds nothing when the sandbox is off', async () => {
    expect(await endpointsWith({ sandbox: false })).toEqual({});
    expect(await endpointsWith({})).toEqual({});
  });
});
