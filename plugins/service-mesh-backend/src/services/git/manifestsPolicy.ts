import { safeUrl } from '../upstream';

/** Where an entity's manifests live, with what deciding whether they may be read needs. */
export interface ManifestsLocation {
  /**
   * `url:` is read through the URL readers; `file:` is a local repository made by the wizard in
   * development, which only the sandbox serves.
   */
  type: 'url' | 'file';
  target: string;
  /** The annotation the location was read from, named in messages. */
  annotation: string;
  /**
   * The entity's `backstage.io/managed-by-location`: the location the catalog read the entity from. The
   * catalog sets it (overwriting what the entity's YAML says), so the entity's author cannot forge it.
   */
  catalogLocation?: string;
}

/**
 * Path segments that start the in-repository part of a Git host's URL: GitLab's `-`, GitHub's
 * `tree`/`blob`/`raw`/`edit`, Bitbucket's `src`/`browse`/`raw`.
 */
const IN_REPOSITORY_MARKERS = new Set([
  'tree',
  'blob',
  'raw',
  'src',
  'browse',
  'edit',
]);

/**
 * The repository a Git host URL points into, as `origin/path/of/repo`, or undefined when the URL does not
 * have the shape of one. GitLab's `/-/` decides alone (its group paths may contain any name); otherwise
 * the first marker after the first two segments does (`owner/repo` comes first on every host, so a
 * repository named `tree` stays a repository).
 */
export function repositoryOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const segments = parsed.pathname.split('/').slice(1);
  const gitlab = segments.indexOf('-');
  const end =
    gitlab >= 0
      ? gitlab
      : segments.findIndex((s, i) => i >= 2 && IN_REPOSITORY_MARKERS.has(s));
  const repository = end >= 0 ? segments.slice(0, end) : segments;
  if (repository.length < 2 || repository.some(s => s === '')) {
    return undefined;
  }
  return `${parsed.origin}/${repository.join('/')}`;
}

/** True when `url` is an allow-listed prefix or below one, on a path boundary (`/a` allows `/a/b`, not `/ab`). */
function isAllowListed(url: string, allowedUrls: readonly string[]): boolean {
  const target = new URL(url);
  return allowedUrls.some(prefix => {
    const allowed = new URL(prefix);
    const path = allowed.pathname.replace(/\/+$/, '');
    return (
      target.origin === allowed.origin &&
      (target.pathname === path || target.pathname.startsWith(`${path}/`))
    );
  });
}

/**
 * Why the backend refuses to read an entity's `url:` manifests location, or undefined when it may: the
 * location must be inside the repository the catalog read the entity from (its
 * `backstage.io/managed-by-location`), or below one of `serviceMesh.manifests.allowedUrls`. Anything else
 * would let an entity's author make the backend read, and echo, any URL its URL readers can reach.
 */
export function manifestsRefusal(
  location: ManifestsLocation,
  allowedUrls: readonly string[],
): string | undefined {
  if (location.type !== 'url') {
    return `${location.annotation} names a local repository; Meshport reads only url: locations`;
  }
  if (isAllowListed(location.target, allowedUrls)) return undefined;
  const fix =
    'move the manifests into that repository, or add their URL to serviceMesh.manifests.allowedUrls';
  const where = `${location.annotation} points at ${safeUrl(location.target)}`;
  const catalogUrl = /^url:(.+)$/.exec(location.catalogLocation ?? '')?.[1];
  const home = catalogUrl ? repositoryOf(catalogUrl) : undefined;
  if (!home) {
    return `Meshport reads manifests only from the entity's own repository, and ${where} while the entity's catalog location (backstage.io/managed-by-location) is not a Git repository URL; add the manifests' URL to serviceMesh.manifests.allowedUrls`;
  }
  if (repositoryOf(location.target) !== home) {
    return `Meshport reads manifests only from the entity's own repository, and ${where}, outside ${home}, where the catalog read the entity from: ${fix}`;
  }
  return undefined;
}
