import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { registerLocalExamples } from './registerLocal.examples';

/** Id of the action that registers a local repository's catalog-info.yaml. */
export const REGISTER_LOCAL_ACTION_ID = 'meshport:catalog:register-local';

/**
 * Creates `meshport:catalog:register-local`: registers a `file` location with the catalog, on behalf of
 * the user who runs the template. The built-in `catalog:register` only registers `url` locations,
 * which the catalog cannot read from the local disk. Only files inside the local publishing directory
 * may be registered.
 */
export function createRegisterLocalAction(options: {
  store: LocalRepoStore;
  catalog: CatalogService;
}) {
  const { store, catalog } = options;
  return createTemplateAction({
    id: REGISTER_LOCAL_ACTION_ID,
    description:
      'Registers a catalog-info.yaml of a locally published repository as a file location',
    examples: registerLocalExamples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string()
            .describe(
              'Absolute path of the catalog-info.yaml (output of meshport:local-repo:publish)',
            ),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe(
              'Reference of the registered Component (or first entity)',
            ),
        locationTarget: z =>
          z.string().describe('Target of the registered file location'),
      },
    },
    async handler(ctx) {
      const target = ctx.input.catalogInfoPath;
      if (!store.contains(target)) {
        throw new InputError(
          `catalogInfoPath: "${target}" is outside the local publishing directory; only locally published repositories can be registered`,
        );
      }
      ctx.output('locationTarget', target);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would register file location ${target}`);
        return;
      }
      const result = await catalog.addLocation(
        { type: 'file', target },
        { credentials: await ctx.getInitiatorCredentials() },
      );
      const entity =
        result.entities.find(e => e.kind === 'Component') ?? result.entities[0];
      if (!entity) {
        throw new InputError(
          `catalogInfoPath: the catalog found no entity in ${target}`,
        );
      }
      ctx.logger.info(`Registered ${target} as ${stringifyEntityRef(entity)}`);
      ctx.output('entityRef', stringifyEntityRef(entity));
    },
  });
}
