import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { gitopsCanaryPermission } from '@meshport/plugin-service-mesh-common';
import type { z as zod } from 'zod';
import { CanaryStep, canaryStep } from '../gitops/operations';
import { proposalBranch } from '../gitops/github';
import { changeRepository } from '../gitops/proposals';
import { int, safeText } from '../spec/fieldTypes';
import { canaryExamples } from './canary.examples';
import {
  changeOutputs,
  GitOpsActionOptions,
  gitopsInputFields,
  inputObject,
  openRepository,
  outputChange,
  parseInput,
} from './gitopsActions';

/** Ids of the canary actions. */
export const CANARY_ACTION_IDS = {
  'set-weights': 'meshport:canary:set-weights',
  promote: 'meshport:canary:promote',
  abort: 'meshport:canary:abort',
} as const;

const analysisFields = {
  analysis: (z0: typeof zod) =>
    z0
      .object({
        verdict: z0
          .enum(['pass', 'fail', 'no-traffic'])
          .describe('Verdict of the canary analysis'),
        summary: safeText(z0, 300).describe(
          'The signals and thresholds behind it, one line',
        ),
      })
      .strict()
      .optional()
      .describe(
        "The canary analysis before this step (the Service Mesh backend's); a failing one refuses the step unless override is set. Recorded in the commit message.",
      ),
  override: (z0: typeof zod) =>
    z0.boolean().optional().describe('Proceed although the analysis failed'),
};

const DESCRIPTIONS = {
  'set-weights':
    'Sets the canary split of a Meshport service (the mesh route and every gateway route) with one commit on its repository',
  promote:
    "Promotes a Meshport service's canary: it takes all traffic, the old version's Deployment, subset and Services are removed, with one commit",
  abort:
    "Aborts a Meshport service's canary: the stable version takes all traffic, the canary's Deployment, subset and Services are removed, with one commit",
};

function createCanaryAction<S extends CanaryStep['step']>(
  step: S,
  options: GitOpsActionOptions,
) {
  const inputFields = {
    ...gitopsInputFields,
    ...(step === 'set-weights'
      ? {
          canaryWeight: (z0: typeof zod) =>
            int(z0, 0, 100).describe(
              'Percent of the traffic for the canary; the stable version gets the rest',
            ),
        }
      : {}),
    ...analysisFields,
  };
  const input = inputObject(inputFields);
  return createTemplateAction({
    id: CANARY_ACTION_IDS[step],
    description: DESCRIPTIONS[step],
    examples: canaryExamples[step],
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: {
        ...changeOutputs,
        files: z => z.array(z.string()).describe('The files the step changes'),
      },
    },
    async handler(ctx) {
      const parsed = parseInput(input, ctx.input) as {
        localRepository?: string;
        repoUrl?: string;
        reason: string;
        canaryWeight?: number;
        analysis?: { verdict: 'pass' | 'fail' | 'no-traffic'; summary: string };
        override?: boolean;
      };
      const { where, check, request, described } = openRepository(ctx, {
        ...options,
        permission: gitopsCanaryPermission,
        input: parsed,
      });
      const result = await changeRepository(where, options.gitops, {
        check,
        change: dir =>
          canaryStep(
            dir,
            step === 'set-weights'
              ? { step, canaryWeight: parsed.canaryWeight! }
              : ({ step } as CanaryStep),
            {
              ...request,
              analysis: parsed.analysis,
              override: parsed.override,
            },
          ),
        branch: r => proposalBranch(`canary-${step}`, r.commit),
        dryRun: ctx.isDryRun,
      });
      outputChange(
        ctx,
        `Canary ${step} of ${described.entityRef}`,
        described.entityRef,
        result,
      );
      ctx.output(
        'files',
        result.files.map(f => f.path),
      );
    },
  });
}

/**
 * Creates `meshport:canary:set-weights`, `meshport:canary:promote` and `meshport:canary:abort`: one
 * commit each on the service's repository, after checking the repository and the result. They need
 * `service-mesh.gitops.canary` on the repository's entity. A dry run checks without committing. On
 * GitHub (`repoUrl`) the commit is proposed as a pull request from branch `meshport/canary-<step>-…`.
 */
export function createCanaryActions(options: GitOpsActionOptions) {
  return [
    createCanaryAction('set-weights', options),
    createCanaryAction('promote', options),
    createCanaryAction('abort', options),
  ];
}
