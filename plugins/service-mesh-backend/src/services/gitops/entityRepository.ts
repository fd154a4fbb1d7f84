/*
 * Which repository an entity's GitOps changes go to. Never a path or URL the entity's author chose:
 * the catalog's own `backstage.io/managed-by-location` (set by the catalog to the file it read the
 * entity from, whatever the YAML says) must be the catalog-info.yaml of a repository the
 * LocalRepoStore owns, or the root catalog-info.yaml of a repository on a host with a GitHub
 * integration; and that repository's catalog-info.yaml must describe this very entity.
 */
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type {
  GitHubProposals,
  GitOpsRepository,
  LocalRepoStore,
  RepositoryDescription,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import { basename, dirname, resolve } from 'node:path';

/** The entity's repository, and the check that its catalog-info.yaml describes the entity. */
export interface EntityRepository {
  where: GitOpsRepository;
  check(description: RepositoryDescription): void;
}

/** `https://<host>/<owner>/<repo>/(blob|tree)/<branch>/catalog-info.yaml`, as the catalog records it. */
const GITHUB_CATALOG_FILE =
  /^https:\/\/([^/]+)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/(?:blob|tree)\/([^/]+)\/catalog-info\.yaml$/;

/** The local repository directory `locationTarget` is the catalog-info.yaml of, if the store owns it. */
function ownedRepository(
  store: LocalRepoStore,
  locationTarget: string,
): string | undefined {
  if (!store.enabled || !store.contains(locationTarget)) return undefined;
  const file = resolve(locationTarget);
  if (basename(file) !== 'catalog-info.yaml') return undefined;
  try {
    const { directory } = store.locate(basename(dirname(file)));
    return resolve(directory, 'catalog-info.yaml') === file
      ? directory
      : undefined;
  } catch {
    return undefined;
  }
}

/** Finds the repository of `entity`; refuses anything Meshport neither owns nor can propose to. */
export function entityRepository(
  store: LocalRepoStore,
  github: GitHubProposals,
  entity: Entity,
): EntityRepository {
  const entityRef = stringifyEntityRef(entity);
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!location) {
    throw new InputError(
      `${entityRef} has no ${ANNOTATION_LOCATION}: the catalog did not read it from a repository`,
    );
  }
  const { type, target } = parseLocationRef(location);
  const check = (description: RepositoryDescription) => {
    if (description.entityRef !== entityRef) {
      throw new NotAllowedError(
        `the catalog-info.yaml of ${location} describes ${description.entityRef}, not ${entityRef}`,
      );
    }
  };
  if (type === 'url') {
    const host = /^https:\/\/([^/]+)\//.exec(target)?.[1] ?? target;
    if (!github.handles(host)) {
      throw new InputError(
        `${ANNOTATION_LOCATION}: ${entityRef} is in ${target}, on ${host}, which has no GitHub integration (integrations.github): Meshport proposes changes only to GitHub repositories and its local ones`,
      );
    }
    const [, , owner, repo, branch] = GITHUB_CATALOG_FILE.exec(target) ?? [];
    if (!owner) {
      throw new NotAllowedError(
        `${entityRef} was read from ${target}, which is not the catalog-info.yaml at the root of a GitHub repository: Meshport changes only repositories it generated`,
      );
    }
    return {
      where: {
        kind: 'github',
        repository: { host, owner, repo, branch },
        field: ANNOTATION_LOCATION,
      },
      check,
    };
  }
  const dir = type === 'file' ? ownedRepository(store, target) : undefined;
  if (!dir) {
    throw new NotAllowedError(
      `${entityRef} was read from ${location}, which is not a repository under serviceMeshScaffolder.localPublish.directory: Meshport changes only repositories it owns`,
    );
  }
  return { where: { kind: 'local', dir }, check };
}
