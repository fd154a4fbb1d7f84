/*
 * What every route of the plugin shares: parsing a request part with zod (a bad value names its
 * field), the entity of an entity route read with the caller's credentials, and the caller's
 * permission check.
 */
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import { z } from 'zod';
import { InFlight } from './services/cache';

const ENTITY_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The path parameters of an entity route. */
export const entityParams = z.object({
  kind: z.string().regex(ENTITY_PART, 'not a valid entity kind'),
  namespace: z.string().regex(ENTITY_PART, 'not a valid entity namespace'),
  name: z.string().regex(ENTITY_PART, 'not a valid entity name'),
});

/** Parses `value` (`where`: path, query, body); an `InputError` names each bad field. */
export function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map(i => `${i.path.join('.') || where}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${where}: ${issues}`);
  }
  return result.data;
}

/** The entity lookup and permission check of the routes, with the caller's credentials. */
export function entityAccess(options: {
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { catalog, httpAuth, permissions } = options;
  // Identical concurrent lookups of one caller (the same token, the same entity: an entity page asks
  // for its status, signals, topology and traces at once) share one catalog read. Nothing is kept once
  // it answers: each request is answered by a read made with its caller's token, started at most one
  // catalog round trip before the request arrived.
  const reads = new InFlight<Entity | undefined>();
  return {
    /**
     * The entity, read from the catalog with the caller's credentials: the catalog applies its read
     * permission, and an entity the caller may not see is reported exactly like one that does not exist.
     */
    async entityFor(req: Request): Promise<Entity> {
      const { kind, namespace, name } = parse(
        entityParams,
        req.params,
        'entity reference',
      );
      const credentials = await httpAuth.credentials(req);
      const entityRef = stringifyEntityRef({ kind, namespace, name });
      const read = () => catalog.getEntityByRef(entityRef, { credentials });
      const token = req.headers.authorization;
      const entity = await (token
        ? reads.run(`${token}\n${entityRef}`, read)
        : read());
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef}`);
      }
      return entity;
    },

    /** The caller's credentials, once `permission` (on `resourceRef`, if given) is allowed; else 403. */
    async authorize(
      req: Request,
      permission: ResourcePermission<'catalog-entity'> | BasicPermission,
      resourceRef?: string,
    ) {
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize(
        [
          resourceRef
            ? {
                permission: permission as ResourcePermission<'catalog-entity'>,
                resourceRef,
              }
            : { permission: permission as BasicPermission },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed: ${permission.name}${resourceRef ? ` on ${resourceRef}` : ''}`,
        );
      }
      return credentials;
    },
  };
}
