import {
  createPermission,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of our permissions: they apply to a catalog entity. */
export const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

/** Ask Argo CD to refresh (re-read Git) the applications of an entity. */
export const argocdRefreshPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'service-mesh.argocd.refresh',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/** Ask Argo CD to sync the applications of an entity to their target revision. */
export const argocdSyncPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'service-mesh.argocd.sync',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * Roll one environment of an entity back to an earlier revision of its repository, through Git (a
 * commit, or a pull request, on the entity's repository).
 */
export const gitopsRollbackPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'service-mesh.gitops.rollback',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/** Move, promote or abort the canary of an entity, through Git. */
export const gitopsCanaryPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'service-mesh.gitops.canary',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/** Read the configuration diagnostics (which upstream instances answer). */
export const diagnosticsReadPermission: BasicPermission = createPermission({
  name: 'service-mesh.diagnostics.read',
  attributes: { action: 'read' },
});

/** Every permission of the service-mesh plugins. */
export const serviceMeshPermissions = [
  argocdRefreshPermission,
  argocdSyncPermission,
  gitopsRollbackPermission,
  gitopsCanaryPermission,
  diagnosticsReadPermission,
];
