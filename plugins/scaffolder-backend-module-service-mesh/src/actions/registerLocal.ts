import { PermissionsService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { authorizeLocalRegistration } from '../localRepo/authorizeLocalRegistration';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { registerLocalExamples } from './registerLocal.examples';

/** Id of the action that registers a locally published repository's entity in the catalog. */
export const REGISTER_LOCAL_ACTION_ID = 'meshport:catalog:register-local';

/**
 * Creates `meshport:catalog:register-local`: waits until the catalog serves the entity of a locally
 * published repository, which `catalogModuleServiceMeshLocalRepositories` offers to the catalog as a
 * `file` location. The built-in `catalog:register` cannot do this: it registers `url` locations, and
 * the catalog API accepts no `file` locations. Only files inside the local publishing directory qualify,
 * and only for an initiator with `catalog.location.create`.
 */
export function createRegisterLocalAction(options: {
  store: LocalRepoStore;
  catalog: CatalogService;
  permissions: PermissionsService;
  /** How long to wait for the catalog, in milliseconds. Default: 60 s. */
  timeoutMs?: number;
  pollMs?: number;
}) {
  const {
    store,
    catalog,
    permissions,
    timeoutMs = 60_000,
    pollMs = 1000,
  } = options;
  return createTemplateAction({
    id: REGISTER_LOCAL_ACTION_ID,
    description:
      'Waits until the catalog serves the entity of a locally published repository (development publishing)',
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
              'Reference of the entity in the catalog-info.yaml (its Component, else the first)',
            ),
        locationTarget: z => z.string().describe('Target of the file location'),
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
        ctx.logger.info(`Dry run: would wait for the entity of ${target}`);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      await authorizeLocalRegistration(permissions, credentials);
      if (!fs.existsSync(target)) {
        throw new InputError(`catalogInfoPath: "${target}" does not exist`);
      }
      const documents = parseAllDocuments(fs.readFileSync(target, 'utf8')).map(
        d => d.toJS() as Entity,
      );
      const entity =
        documents.find(e => e?.kind === 'Component') ?? documents[0];
      if (!entity?.kind || !entity.metadata?.name) {
        throw new InputError(
          `catalogInfoPath: ${target} holds no catalog entity`,
        );
      }
      const entityRef = stringifyEntityRef(entity);
      ctx.output('entityRef', entityRef);
      const until = Date.now() + timeoutMs;
      while (!(await catalog.getEntityByRef(entityRef, { credentials }))) {
        if (Date.now() > until) {
          ctx.logger.warn(
            `${entityRef} is not in the catalog yet; it appears once the catalog has read ${target}`,
          );
          return;
        }
        await new Promise(resolve => setTimeout(resolve, pollMs));
      }
      ctx.logger.info(`${entityRef} is in the catalog (from ${target})`);
    },
  });
}
