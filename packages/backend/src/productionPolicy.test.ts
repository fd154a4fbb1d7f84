import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  argocdSyncPermission,
  gitopsCanaryPermission,
  gitopsRollbackPermission,
  argocdRefreshPermission,
  diagnosticsReadPermission,
} from '@meshport/plugin-service-mesh-common';
import { ProductionPermissionPolicy } from './productionPolicy';

const readEntity = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const createLocation = createPermission({
  name: 'catalog.location.create',
  attributes: { action: 'create' },
});
const executeTask = createPermission({
  name: 'scaffolder.task.create',
  attributes: { action: 'create' },
});

const user = (ownershipEntityRefs: string[]) => ({
  identity: {
    type: 'user' as const,
    userEntityRef: ownershipEntityRefs[0],
    ownershipEntityRefs,
  },
  token: 'unused',
  credentials: {} as any,
  info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
});

const policy = ProductionPermissionPolicy.fromConfig(
  new ConfigReader({
    meshport: { platformGroups: ['group:default/platform'] },
  }),
);
const developer = user(['user:default/dev', 'group:default/team-a']);
const platform = user(['user:default/ops', 'group:default/platform']);

describe('ProductionPermissionPolicy', () => {
  it('lets everyone read unrestricted entities and only owners read restricted ones', async () => {
    const decision = await policy.handle({ permission: readEntity }, developer);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'HAS_LABEL',
              resourceType: 'catalog-entity',
              params: { label: 'meshport.io/visibility', value: 'restricted' },
            },
          },
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: ['user:default/dev', 'group:default/team-a'] },
          },
        ],
      },
    });
  });

  it.each([
    argocdSyncPermission,
    argocdRefreshPermission,
    gitopsRollbackPermission,
    gitopsCanaryPermission,
  ])(
    'gives $name to the entity owners only',
    async permission => {
      const decision = await policy.handle({ permission }, developer);
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/dev', 'group:default/team-a'] },
        },
      });
    },
  );

  it('gives diagnostics and catalog changes to platform groups only', async () => {
    for (const permission of [diagnosticsReadPermission, createLocation]) {
      await expect(policy.handle({ permission }, developer)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(policy.handle({ permission }, platform)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('allows the rest (templates, tasks) to signed-in users', async () => {
    await expect(
      policy.handle({ permission: executeTask }, developer),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('refuses to start without platform groups, naming the key', () => {
    expect(() =>
      ProductionPermissionPolicy.fromConfig(new ConfigReader({})),
    ).toThrow(/meshport\.platformGroups/);
  });
});
