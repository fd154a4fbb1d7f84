/*
 * The permission policies and the loader that picks one from config (`meshport.permissionPolicy`:
 * `development` allows everything to signed-in users, `production` is the policy below). A production
 * process (NODE_ENV=production) refuses the development policy.
 */
import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';

/** Label that restricts reading an entity (and its mesh status) to its owners. */
export const RESTRICTED_LABEL = 'meshport.io/visibility';

/** Catalog changes only platform groups may make. */
const CATALOG_ADMIN_PERMISSIONS = new Set([
  'catalog.entity.create',
  'catalog.entity.delete',
  'catalog.location.create',
  'catalog.location.delete',
]);

/** Changes to an entity's deployments only its owners may make. */
const OWNER_PERMISSIONS = new Set([
  'service-mesh.argocd.sync',
  'service-mesh.argocd.refresh',
  'service-mesh.gitops.rollback',
  'service-mesh.gitops.canary',
]);

/**
 * Production rules:
 * - catalog entities (and therefore their mesh status and the overview) are readable by every signed-in
 *   user, except entities labelled `meshport.io/visibility: restricted`, which only their owners read;
 * - Argo CD refresh and sync of an entity's applications, and its GitOps rollback and canary steps: the
 *   entity's owners;
 * - the service-mesh diagnostics and catalog changes: members of `meshport.platformGroups`;
 * - everything else (templates, scaffolder tasks): every signed-in user.
 */
export class ProductionPermissionPolicy implements PermissionPolicy {
  constructor(private readonly platformGroups: string[]) {}

  static fromConfig(config: Config): ProductionPermissionPolicy {
    const groups = config.getOptionalStringArray('meshport.platformGroups');
    if (!groups || groups.length === 0) {
      throw new Error(
        'Invalid config at meshport.platformGroups: the production permission policy needs at least one group entity ref (e.g. group:default/platform) that may read diagnostics and change the catalog',
      );
    }
    return new ProductionPermissionPolicy(groups);
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    const { permission } = request;
    if (isResourcePermission(permission, 'catalog-entity')) {
      if (permission.name === 'catalog.entity.read') {
        return createCatalogConditionalDecision(permission, {
          anyOf: [
            {
              not: catalogConditions.hasLabel({
                label: RESTRICTED_LABEL,
                value: 'restricted',
              }),
            },
            catalogConditions.isEntityOwner({ claims }),
          ],
        });
      }
      if (OWNER_PERMISSIONS.has(permission.name)) {
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims }),
        );
      }
    }
    if (
      permission.name === 'service-mesh.diagnostics.read' ||
      CATALOG_ADMIN_PERMISSIONS.has(permission.name)
    ) {
      const isPlatform = claims.some(ref => this.platformGroups.includes(ref));
      return {
        result: isPlatform ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** The development portal's policy: allows everything to signed-in users (a single local developer). */
export class DevelopmentPermissionPolicy implements PermissionPolicy {
  async handle(
    _request: PolicyQuery,
    _user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return { result: AuthorizeResult.ALLOW };
  }
}

/** A permission backend module `moduleId` that installs the policy `create` builds from the config. */
function policyModule(
  moduleId: string,
  create: (config: Config) => PermissionPolicy,
) {
  return createBackendModule({
    pluginId: 'permission',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
        async init({ policy, config }) {
          policy.setPolicy(create(config));
        },
      });
    },
  });
}

/** Adds the permission policy named by `meshport.permissionPolicy` (default `development`). */
export const permissionPolicyFromConfig = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    const name =
      config.getOptionalString('meshport.permissionPolicy') ?? 'development';
    if (name === 'production') {
      yield policyModule(
        'meshport-production-policy',
        ProductionPermissionPolicy.fromConfig,
      );
      return;
    }
    if (name !== 'development') {
      throw new Error(
        `Invalid config at meshport.permissionPolicy: "${name}" is not one of development, production`,
      );
    }
    if (process.env.NODE_ENV === 'production') {
      throw new Error(
        'Invalid config at meshport.permissionPolicy: the development policy allows everything and cannot run with NODE_ENV=production; set it to production',
      );
    }
    yield policyModule(
      'meshport-development-policy',
      () => new DevelopmentPermissionPolicy(),
    );
  },
});
