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
            localPublish: { directory: 'local-repos' },
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
            localPublish: { directory: 'x', defaultBranch: 'a b' },
          },
        }),
      ),
    ).toThrow(
      'serviceMeshScaffolder.localPublish.defaultBranch is not a valid branch name: "a b"',
    );
    expect(() =>
      readServiceMeshScaffolderConfig(
        new ConfigReader({ serviceMeshScaffolder: { localPublish: {} } }),
      ),
    ).toThrow(/serviceMeshScaffolder.localPublish.directory/);
  });

  it('keeps local publishing off in production', () => {
    const config = new ConfigReader({
      serviceMeshScaffolder: { localPublish: { directory: 'local-repos' } },
    });
    expect(
      readServiceMeshScaffolderConfig(config, { production: true }),
    ).toEqual({});
  });
});
