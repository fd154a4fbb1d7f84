import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  canaryStep,
  changeRepository,
  previewRollback,
  proposalBranch,
  readRepository,
  rollback,
  type ChangeRequest,
  type GitOpsContext,
  type LocalRepoStore,
  type PullRequest,
  type RepositoryDescription,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import type {
  CanaryAnalysis,
  CanaryAnalysisResult,
  GitOpsCommit,
  GitOpsProposal,
} from '@meshport/plugin-service-mesh-common';
import type { CanaryAnalyzer } from './canaryAnalyzer';
import { entityRepository } from './entityRepository';
import type { GitOpsActor, GitOpsService } from './types';

/** Commits from the portal are by the signed-in user, named by their entity ref. */
function changeRequest(actor: GitOpsActor, reason: string): ChangeRequest {
  const { name } = parseEntityRef(actor.userEntityRef);
  return {
    reason,
    author: { name, email: `${name}@users.meshport.invalid` },
    trailers: { 'Requested-by': actor.userEntityRef },
  };
}

function namespaceOf(
  description: RepositoryDescription,
  environment: string,
): string {
  const namespace = description.namespaces[environment];
  if (!namespace) {
    throw new InputError(
      `environment: "${environment}" is not deployed by the repository (it has ${description.environments.join(', ')})`,
    );
  }
  return namespace;
}

/** Where the change went: the commit, and on GitHub the pull request proposing it. */
function proposalOf(
  result: GitOpsCommit & { pullRequest?: PullRequest },
): GitOpsProposal {
  const change = {
    commit: result.commit,
    branch: result.branch,
    files: result.files,
  };
  return result.pullRequest
    ? { repository: 'github', change, pullRequest: result.pullRequest }
    : { repository: 'local', change };
}

/**
 * The GitOps routes' operations on the entities' repositories: local ones in place, GitHub ones
 * through a pull request (`gitops.github`, the `integrations.github` config).
 */
export function createGitOpsService(options: {
  store: LocalRepoStore;
  analyzer: CanaryAnalyzer;
  gitops: GitOpsContext;
}): GitOpsService {
  const { store, analyzer, gitops } = options;
  const repositoryOf = (entity: Parameters<GitOpsService['rollback']>[0]) =>
    entityRepository(store, gitops.github, entity);

  async function analysisOf(
    description: RepositoryDescription,
    environment: string,
  ): Promise<CanaryAnalysisResult> {
    const namespace = namespaceOf(description, environment);
    const canary = description.canary;
    if (!canary) {
      throw new InputError(
        `${description.entityRef} has no canary: its mesh route sends to one version`,
      );
    }
    const analysis: CanaryAnalysis = await analyzer.analyze(
      // The route's host is the Service, named like the pods' app label; a FQDN host starts with it.
      { namespace, workload: canary.service.split('.')[0] },
      canary,
    );
    return { environment, canary, analysis };
  }

  return {
    async rollback(entity, input, actor) {
      const repo = repositoryOf(entity);
      const target = {
        environment: input.environment,
        revision: input.revision,
      };
      const check = (description: RepositoryDescription) => {
        repo.check(description);
        namespaceOf(description, input.environment);
      };
      if (input.mode === 'preview') {
        const preview = await readRepository(repo.where, gitops, check, dir =>
          previewRollback(dir, target),
        );
        return { mode: 'preview', preview };
      }
      const result = await changeRepository(repo.where, gitops, {
        check,
        change: dir =>
          rollback(dir, target, changeRequest(actor, input.reason ?? '')),
        branch: r => proposalBranch(`rollback-${input.environment}`, r.commit),
      });
      return {
        mode: 'propose',
        preview: result.preview,
        ...proposalOf(result),
      };
    },

    async canaryAnalysis(entity, environment) {
      const repo = repositoryOf(entity);
      return readRepository(
        repo.where,
        gitops,
        repo.check,
        (_dir, description) => analysisOf(description, environment),
      );
    },

    async canaryStep(entity, input, actor) {
      const repo = repositoryOf(entity);
      let analysis: CanaryAnalysis | undefined;
      const result = await changeRepository(repo.where, gitops, {
        async check(description) {
          repo.check(description);
          namespaceOf(description, input.environment);
          // Aborting returns all traffic to the stable version: a failing analysis, the usual reason
          // to abort, must not block it. Every other step is analysed first.
          if (input.step.step !== 'abort') {
            analysis = (await analysisOf(description, input.environment))
              .analysis;
          }
        },
        change: dir =>
          canaryStep(dir, input.step, {
            ...changeRequest(actor, input.reason),
            ...(analysis
              ? {
                  analysis: {
                    verdict: analysis.verdict,
                    summary: analysis.summary,
                  },
                }
              : {}),
            override: input.override,
          }),
        branch: r => proposalBranch(`canary-${input.step.step}`, r.commit),
      });
      return {
        environment: input.environment,
        step: input.step,
        canary: result.canary,
        ...(analysis ? { analysis } : {}),
        overridden: analysis?.verdict === 'fail' && input.override,
        ...proposalOf(result),
      };
    },
  };
}
