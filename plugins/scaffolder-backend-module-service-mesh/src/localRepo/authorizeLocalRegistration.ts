import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { catalogLocationCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * Refuses unless `credentials` (the task initiator's) hold `catalog.location.create`. A local
 * repository is a catalog location: `LocalRepositoryEntityProvider` offers it to the catalog as soon
 * as it exists on disk, so publishing it must need what registering a location needs.
 */
export async function authorizeLocalRegistration(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: catalogLocationCreatePermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      'Local publishing registers the new repository in the catalog, which needs the catalog.location.create permission; the user who started this task does not have it',
    );
  }
}
