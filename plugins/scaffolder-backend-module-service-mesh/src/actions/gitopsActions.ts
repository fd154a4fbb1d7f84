/*
 * What the GitOps actions share: the input fields every one of them takes, the parsing that names the
 * field of a bad value, the repository they act on (local, or GitHub through a pull request), the
 * initiator's permission on the repository's entity, and the commit's author and trailers.
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
import { parseGitHubRepoUrl } from '../gitops/github';
import { ChangeRequest, RepositoryDescription } from '../gitops/operations';
import { GitOpsContext, GitOpsRepository } from '../gitops/proposals';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { dnsLabel, msg, safeText } from '../spec/fieldTypes';
import { problemOf } from '../spec/input';
import { authorOf } from './initiator';

/** Input fields of every GitOps action: which repository, and why. */
export const gitopsInputFields = {
  localRepository: (z0: typeof z) =>
    dnsLabel(z0)
      .optional()
      .describe(
        'Name of the service repository under serviceMeshScaffolder.localPublish.directory (as meshport:local-repo:publish created it); the change is a commit on its branch. Exclusive with repoUrl',
      ),
  repoUrl: (z0: typeof z) =>
    z0
      .string()
      .max(300)
      .optional()
      .describe(
        'The GitHub repository, host?owner=…&repo=… (as publish:github takes it); the change is a pull request from a new branch. Exclusive with localRepository',
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

/** What the GitOps actions need besides the task. */
export interface GitOpsActionOptions {
  store: LocalRepoStore;
  permissions: PermissionsService;
  gitops: GitOpsContext;
}

/** The repository of the input: exactly one of `localRepository` and `repoUrl`. */
function repositoryOf(
  store: LocalRepoStore,
  input: { localRepository?: string; repoUrl?: string },
): GitOpsRepository {
  if ((input.localRepository === undefined) === (input.repoUrl === undefined)) {
    throw new InputError(
      'Invalid input: localRepository, repoUrl: give exactly one of them',
    );
  }
  if (input.repoUrl !== undefined) {
    return {
      kind: 'github',
      repository: parseGitHubRepoUrl(input.repoUrl),
      field: 'repoUrl',
    };
  }
  const { directory } = store.locate(input.localRepository!);
  if (!fs.existsSync(directory)) {
    throw new InputError(
      `localRepository: there is no repository named "${input.localRepository}"`,
    );
  }
  return { kind: 'local', dir: directory };
}

/**
 * The repository of the input, the check that the task's initiator holds `permission` on the entity
 * the repository describes (which records that entity), and the change request (author, reason, who
 * asked) for the operation.
 */
export function openRepository(
  ctx: ActionContext<any, any>,
  options: GitOpsActionOptions & {
    permission: ResourcePermission<'catalog-entity'>;
    input: { localRepository?: string; repoUrl?: string; reason: string };
  },
) {
  const where = repositoryOf(options.store, options.input);
  const described = { entityRef: '' };
  const check = async ({ entityRef }: RepositoryDescription) => {
    const [decision] = await options.permissions.authorize(
      [{ permission: options.permission, resourceRef: entityRef }],
      { credentials: await ctx.getInitiatorCredentials() },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${options.permission.name} on ${entityRef} is needed; the user who started this task does not have it`,
      );
    }
    described.entityRef = entityRef;
  };
  const request: ChangeRequest = {
    reason: options.input.reason,
    author: authorOf(ctx.user),
    trailers: { 'Requested-by': ctx.user?.ref ?? 'unknown' },
    dryRun: ctx.isDryRun,
  };
  return { where, check, request, described };
}

/** Outputs of every GitOps action about the change, by name. */
export const changeOutputs = {
  commitHash: (z0: typeof z) =>
    z0.string().describe('The commit (empty in a dry run)'),
  entityRef: (z0: typeof z) =>
    z0.string().describe('The entity of the repository'),
  pullRequestNumber: (z0: typeof z) =>
    z0
      .number()
      .optional()
      .describe('The pull request proposing the change (repoUrl only)'),
  pullRequestUrl: (z0: typeof z) =>
    z0.string().optional().describe("The pull request's page (repoUrl only)"),
};

/** Reports the change through the task's outputs and log. */
export function outputChange(
  ctx: ActionContext<any, any>,
  what: string,
  entityRef: string,
  result: { commit: string; pullRequest?: { number: number; url: string } },
) {
  const { commit, pullRequest } = result;
  const done = pullRequest
    ? `pull request #${pullRequest.number} ${pullRequest.url}`
    : commit;
  ctx.logger.info(`${what}${ctx.isDryRun ? ' (dry run)' : `: ${done}`}`);
  ctx.output('commitHash', commit);
  ctx.output('entityRef', entityRef);
  if (pullRequest) {
    ctx.output('pullRequestNumber', pullRequest.number);
    ctx.output('pullRequestUrl', pullRequest.url);
  }
}
