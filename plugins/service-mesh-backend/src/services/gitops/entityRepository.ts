/*
 * Which repository an entity's GitOps changes go to. Never a path the entity's author chose: the
 * catalog's own `backstage.io/managed-by-location` (set by the catalog to the file it read the entity
 * from, whatever the YAML says) must be the catalog-info.yaml of a repository the LocalRepoStore owns,
 * and that repository's catalog-info.yaml must describe this very entity.
 */
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotImplementedError,
} from '@backstage/errors';
import {
  describeRepository,
  type LocalRepoStore,
  type RepositoryDescription,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import { basename, dirname, resolve } from 'node:path';

/** The entity's local repository, described (its checked-out branch, environments and canary). */
export interface EntityRepository {
  dir: string;
  description: RepositoryDescription;
}

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

/** Finds and checks the repository of `entity`; refuses anything Meshport does not own. */
export async function entityRepository(
  store: LocalRepoStore,
  entity: Entity,
): Promise<EntityRepository> {
  const entityRef = stringifyEntityRef(entity);
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!location) {
    throw new InputError(
      `${entityRef} has no ${ANNOTATION_LOCATION}: the catalog did not read it from a repository`,
    );
  }
  const { type, target } = parseLocationRef(location);
  if (type === 'url') {
    throw new NotImplementedError(
      `${entityRef} is in ${target}: changes to a remote (GitHub) repository are pull requests, which the service-mesh backend does not open yet; only local repositories (serviceMeshScaffolder.localPublish) can be changed from the portal`,
    );
  }
  const dir = type === 'file' ? ownedRepository(store, target) : undefined;
  if (!dir) {
    throw new NotAllowedError(
      `${entityRef} was read from ${location}, which is not a repository under serviceMeshScaffolder.localPublish.directory: Meshport changes only repositories it owns`,
    );
  }
  const description = await describeRepository(dir);
  if (description.entityRef !== entityRef) {
    throw new NotAllowedError(
      `${dir.slice(dir.lastIndexOf('/') + 1)}/catalog-info.yaml describes ${description.entityRef}, not ${entityRef}`,
    );
  }
  return { dir, description };
}
