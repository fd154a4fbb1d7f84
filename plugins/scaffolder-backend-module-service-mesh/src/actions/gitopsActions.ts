/*
 * What the GitOps actions share: the input fields every one of them takes, the parsing that names the
 * field of a bad value, the repository they act on, the initiator's permission on the repository's
 * entity, and the commit's author and trailers.
 */
import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import { z } from 'zod';
import { ChangeRequest, describeRepository } from '../gitops/operations';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { dnsLabel, msg, safeText } from '../spec/fieldTypes';
import { problemOf } from '../spec/input';
import { authorOf } from './initiator';

/** Input fields of every GitOps action: which repository, and why. */
export const gitopsInputFields = {
  localRepository: (z0: typeof z) =>
    dnsLabel(z0).describe(
      'Name of the service repository under serviceMeshScaffolder.localPublish.directory (as meshport:local-repo:publish created it)',
    ),
  reason: (z0: typeof z) =>
    safeText(z0, 500)
      .refine(v => v.trim().length > 0, msg('must not be empty'))
      .describe('Why: the second paragraph of the commit message'),
};

/** The input fields of an action as one zod object (unknown fields refused). */
export function inputObject<
  T extends Record<string, (z0: typeof z) => z.ZodTypeAny>,
>(fields: T) {
  return z
    .object(
      Object.fromEntries(
        Object.entries(fields).map(([key, field]) => [key, field(z)]),
      ) as { [K in keyof T]: ReturnType<T[K]> },
    )
    .strict();
}

/** Parses the raw input; a bad value fails with `Invalid input: field: rule`. */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  raw: unknown,
): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new InputError(
      `Invalid input: ${result.error.issues.map(problemOf).join('; ')}`,
    );
  }
  return result.data;
}

/**
 * Opens the local repository of the input, and refuses unless the task's initiator holds `permission`
 * on the entity the repository describes. Returns the directory and the change request (author,
 * reason, who asked) for the operation.
 */
export async function openRepository(
  ctx: ActionContext<any, any>,
  options: {
    store: LocalRepoStore;
    permissions: PermissionsService;
    permission: ResourcePermission<'catalog-entity'>;
    localRepository: string;
    reason: string;
  },
): Promise<{ dir: string; entityRef: string; request: ChangeRequest }> {
  const { directory } = options.store.locate(options.localRepository);
  if (!fs.existsSync(directory)) {
    throw new InputError(
      `localRepository: there is no repository named "${options.localRepository}"`,
    );
  }
  const { entityRef } = await describeRepository(directory);
  const [decision] = await options.permissions.authorize(
    [{ permission: options.permission, resourceRef: entityRef }],
    { credentials: await ctx.getInitiatorCredentials() },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `${options.permission.name} on ${entityRef} is needed; the user who started this task does not have it`,
    );
  }
  return {
    dir: directory,
    entityRef,
    request: {
      reason: options.reason,
      author: authorOf(ctx.user),
      trailers: { 'Requested-by': ctx.user?.ref ?? 'unknown' },
      dryRun: ctx.isDryRun,
    },
  };
}
