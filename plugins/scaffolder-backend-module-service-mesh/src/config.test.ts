import { ConfigReader } from '@backstage/config';
import { resolve } from 'node:path';
import { readServiceMeshScaffolderConfig } from './config';

describe('readServiceMeshScaffolderConfig', () => {
  it('is empty without the section (production: local publishing off)', () => {
    expect(readServiceMeshScaffolderConfig(new ConfigReader({}))).toEqual({});
  });

  it('resolves the local directory and trims the Argo CD URL', () => {
    expect(
      readServiceMeshScaffolderConfig(
        new ConfigReader({
          serviceMeshScaffolder: {
            localPublish: { enabled: true, directory: 'local-repos' },
            argocd: { baseUrl: 'https://argocd.example.com/' },
          },
        }),
      ),
    ).toEqual({
      localPublish: {
        directory: resolve('local-repos'),
        defaultBranch: 'main',
      },
      argocdBaseUrl: 'https://argocd.example.com',
    });
  });

  it('names the bad key', () => {
    expect(() =>
      readServiceMeshScaffolderConfig(
        new ConfigReader({
          serviceMeshScaffolder: { argocd: { baseUrl: 'argocd' } },
        }),
      ),
    ).toThrow(
      'serviceMeshScaffolder.argocd.baseUrl must be an http(s) URL, got "argocd"',
    );
    expect(() =>
      readServiceMeshScaffolderConfig(
        new ConfigReader({
          serviceMeshScaffolder: {
            localPublish: {
              enabled: true,
              directory: 'x',
              defaultBranch: 'a b',
            },
          },
        }),
      ),
    ).toThrow(
      'serviceMeshScaffolder.localPublish.defaultBranch is not a valid branch name: "a b"',
    );
    expect(() =>
      readServiceMeshScaffolderConfig(
        new ConfigReader({
          serviceMeshScaffolder: { localPublish: { enabled: true } },
        }),
      ),
    ).toThrow(/serviceMeshScaffolder.localPublish.directory/);
  });

  it('keeps local publishing off unless localPublish.enabled is true', () => {
    for (const enabled of [undefined, false]) {
      const config = new ConfigReader({
        serviceMeshScaffolder: {
          localPublish: { enabled, directory: 'local-repos' },
        },
      });
      expect(readServiceMeshScaffolderConfig(config)).toEqual({});
    }
    // Switched off, the directory may be left out (app-config.production.yaml sets only enabled: false).
    expect(
      readServiceMeshScaffolderConfig(
        new ConfigReader({
          serviceMeshScaffolder: { localPublish: { enabled: false } },
        }),
      ),
    ).toEqual({});
  });

  it('keeps local publishing off in production', () => {
    const config = new ConfigReader({
      serviceMeshScaffolder: {
        localPublish: { enabled: true, directory: 'local-repos' },
      },
    });
    expect(
      readServiceMeshScaffolderConfig(config, { production: true }),
    ).toEqual({});
  });
});
