import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleServiceMeshLocalRepositories } from './catalogModule';
import { LocalRepositoryEntityProvider } from './localRepo/LocalRepositoryEntityProvider';

async function start(data: object) {
  const extensionPoint = { addEntityProvider: jest.fn() };
  await startTestBackend({
    extensionPoints: [[catalogProcessingExtensionPoint, extensionPoint]],
    features: [
      catalogModuleServiceMeshLocalRepositories,
      mockServices.rootConfig.factory({ data }),
    ],
  });
  return extensionPoint;
}

describe('catalogModuleServiceMeshLocalRepositories', () => {
  it('adds the local repository provider when local publishing is enabled', async () => {
    const { addEntityProvider } = await start({
      serviceMeshScaffolder: {
        localPublish: { enabled: true, directory: 'local-repos' },
      },
    });
    expect(addEntityProvider).toHaveBeenCalledWith(
      expect.any(LocalRepositoryEntityProvider),
    );
  });

  it('does nothing without local publishing', async () => {
    const { addEntityProvider } = await start({});
    expect(addEntityProvider).not.toHaveBeenCalled();
  });

  it('does nothing when localPublish does not say enabled: true', async () => {
    const { addEntityProvider } = await start({
      serviceMeshScaffolder: { localPublish: { directory: 'local-repos' } },
    });
    expect(addEntityProvider).not.toHaveBeenCalled();
  });
});
