import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { gitopsRollbackPermission } from '@meshport/plugin-service-mesh-common';
import type { z as zod } from 'zod';
import { previewRollback, rollback } from '../gitops/operations';
import { proposalBranch } from '../gitops/github';
import { changeRepository, readRepository } from '../gitops/proposals';
import { dnsLabel, formatted } from '../spec/fieldTypes';
import { isGitRef } from '../spec/formats';
import {
  changeOutputs,
  GitOpsActionOptions,
  gitopsInputFields,
  inputObject,
  openRepository,
  outputChange,
  parseInput,
} from './gitopsActions';
import { rollbackExamples } from './gitopsRollback.examples';

/** Id of the action that rolls one environment of a service back to an earlier revision. */
export const ROLLBACK_ACTION_ID = 'meshport:gitops:rollback';

const inputFields = {
  ...gitopsInputFields,
  environment: (z0: typeof zod) =>
    dnsLabel(z0, 20).describe('The environment to roll back, e.g. staging'),
  revision: (z0: typeof zod) =>
    formatted(
      z0,
      isGitRef,
      'must be a commit id or a branch name',
      255,
    ).describe('The commit to roll back to, or the branch to follow again'),
};
const input = inputObject(inputFields);

/**
 * Creates `meshport:gitops:rollback`: pins the environment's Argo CD Application to the chosen
 * revision with one commit on the service's repository (on GitHub: a pull request from branch
 * `meshport/rollback-<environment>-<commit>`), after checking the repository and the result. Needs
 * `service-mesh.gitops.rollback` on the repository's entity. A dry run only previews the diff.
 */
export function createRollbackAction(options: GitOpsActionOptions) {
  return createTemplateAction({
    id: ROLLBACK_ACTION_ID,
    description:
      "Rolls one environment of a Meshport service back to an earlier revision: its Argo CD Application is pinned to that commit (only that environment's file changes), with one commit on the service's repository",
    examples: rollbackExamples,
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: {
        ...changeOutputs,
        fromRevision: z =>
          z.string().describe('The targetRevision before the rollback'),
        toRevision: z =>
          z.string().describe('The targetRevision after the rollback'),
        files: z =>
          z
            .array(z.string())
            .describe("The environment's deploy files that change"),
        diff: z => z.string().describe('Unified diff of those files'),
      },
    },
    async handler(ctx) {
      const parsed = parseInput(input, ctx.input);
      const { where, check, request, described } = openRepository(ctx, {
        ...options,
        permission: gitopsRollbackPermission,
        input: parsed,
      });
      const target = {
        environment: parsed.environment,
        revision: parsed.revision,
      };
      const { preview, ...result } = ctx.isDryRun
        ? await readRepository(where, options.gitops, check, async dir => ({
            preview: await previewRollback(dir, target),
            commit: '',
            pullRequest: undefined,
          }))
        : await changeRepository(where, options.gitops, {
            check,
            change: dir => rollback(dir, target, request),
            branch: r =>
              proposalBranch(`rollback-${parsed.environment}`, r.commit),
          });
      outputChange(
        ctx,
        `Rollback of ${parsed.environment} to ${preview.to.targetRevision}`,
        described.entityRef,
        result,
      );
      ctx.output('fromRevision', preview.from.targetRevision);
      ctx.output('toRevision', preview.to.targetRevision);
      ctx.output(
        'files',
        preview.files.map(f => f.path),
      );
      ctx.output('diff', preview.diff);
    },
  });
}
