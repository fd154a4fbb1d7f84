import {
  manifestsRefusal,
  repositoryOf,
  type ManifestsLocation,
} from './manifestsPolicy';

const CATALOG =
  'url:https://github.com/acme/checkout/blob/main/catalog-info.yaml';

const at = (
  target: string,
  catalogLocation: string | null = CATALOG,
): ManifestsLocation => ({
  type: 'url',
  target,
  annotation: 'meshport.io/manifests',
  catalogLocation: catalogLocation ?? undefined,
});

describe('repositoryOf', () => {
  it.each([
    [
      'https://github.com/acme/checkout/tree/main/deploy',
      'https://github.com/acme/checkout',
    ],
    [
      'https://github.com/acme/checkout/blob/main/catalog-info.yaml',
      'https://github.com/acme/checkout',
    ],
    ['https://github.com/acme/checkout', 'https://github.com/acme/checkout'],
    [
      'https://github.com/acme/tree/blob/main/x.yaml',
      'https://github.com/acme/tree',
    ],
    [
      'https://gitlab.com/group/sub/tree/-/blob/main/x.yaml',
      'https://gitlab.com/group/sub/tree',
    ],
    [
      'https://bitbucket.org/ws/repo/src/main/deploy',
      'https://bitbucket.org/ws/repo',
    ],
    [
      'https://git.acme.test/projects/P/repos/r/browse/deploy',
      'https://git.acme.test/projects/P/repos/r',
    ],
    [
      // The dot segments are resolved first: this is not inside acme/checkout.
      'https://github.com/acme/checkout/tree/main/../../../other/repo',
      'https://github.com/acme/other/repo',
    ],
    ['https://github.com/acme', undefined],
    ['not a url', undefined],
  ])('%s is in %s', (url, repository) => {
    expect(repositoryOf(url)).toBe(repository);
  });
});

describe('manifestsRefusal', () => {
  it('allows a location inside the repository the catalog read the entity from', () => {
    expect(
      manifestsRefusal(
        at('https://github.com/acme/checkout/tree/main/deploy'),
        [],
      ),
    ).toBeUndefined();
  });

  it('refuses another repository, naming the annotation, the URL and the fix', () => {
    expect(
      manifestsRefusal(
        at('https://github.com/acme/secrets/blob/main/prod.yaml?x=1'),
        [],
      ),
    ).toBe(
      "Meshport reads manifests only from the entity's own repository, and meshport.io/manifests points at https://github.com/acme/secrets/blob/main/prod.yaml, outside https://github.com/acme/checkout, where the catalog read the entity from: move the manifests into that repository, or add their URL to serviceMesh.manifests.allowedUrls",
    );
    expect(
      manifestsRefusal(
        at('https://github.com/acme/checkout-secrets/tree/main'),
        [],
      ),
    ).toMatch(/outside https:\/\/github.com\/acme\/checkout,/);
    expect(
      manifestsRefusal(
        at('https://evil.test/acme/checkout/tree/main/deploy'),
        [],
      ),
    ).toMatch(/outside/);
    expect(
      manifestsRefusal(
        at(
          'https://github.com/acme/checkout/tree/main/../../../secrets/tree/main',
        ),
        [],
      ),
    ).toMatch(/outside/);
  });

  it('refuses everything not allow-listed when the catalog location is not a repository URL', () => {
    const expected =
      "Meshport reads manifests only from the entity's own repository, and meshport.io/manifests points at https://github.com/acme/checkout/tree/main/deploy while the entity's catalog location (backstage.io/managed-by-location) is not a Git repository URL; add the manifests' URL to serviceMesh.manifests.allowedUrls";
    const target = 'https://github.com/acme/checkout/tree/main/deploy';
    expect(manifestsRefusal(at(target, null), [])).toBe(expected);
    expect(
      manifestsRefusal(at(target, 'file:/srv/catalog/checkout.yaml'), []),
    ).toBe(expected);
    expect(
      manifestsRefusal(at(target, 'url:https://github.com/acme'), []),
    ).toBe(expected);
  });

  it('allows URLs below an allow-listed prefix, on a path boundary', () => {
    const allowed = ['https://github.com/acme/platform-manifests/'];
    expect(
      manifestsRefusal(
        at(
          'https://github.com/acme/platform-manifests/tree/main/checkout',
          undefined,
        ),
        allowed,
      ),
    ).toBeUndefined();
    expect(
      manifestsRefusal(
        at('https://github.com/acme/platform-manifests', null),
        allowed,
      ),
    ).toBeUndefined();
    expect(
      manifestsRefusal(
        at(
          'https://github.com/acme/platform-manifests-private/tree/main',
          undefined,
        ),
        allowed,
      ),
    ).toMatch(/allowedUrls$/);
    expect(
      manifestsRefusal(
        at('http://github.com/acme/platform-manifests/tree/main', null),
        allowed,
      ),
    ).toMatch(/allowedUrls$/);
  });

  it('refuses a local repository', () => {
    expect(manifestsRefusal({ ...at('/srv/repos/x'), type: 'file' }, [])).toBe(
      'meshport.io/manifests names a local repository; Meshport reads only url: locations',
    );
  });
});
