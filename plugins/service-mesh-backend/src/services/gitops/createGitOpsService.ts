import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  canaryStep,
  previewRollback,
  rollback,
  type ChangeRequest,
  type LocalRepoStore,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import type {
  CanaryAnalysis,
  CanaryAnalysisResult,
} from '@meshport/plugin-service-mesh-common';
import type { CanaryAnalyzer } from './canaryAnalyzer';
import { entityRepository, type EntityRepository } from './entityRepository';
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

function namespaceOf(repo: EntityRepository, environment: string): string {
  const namespace = repo.description.namespaces[environment];
  if (!namespace) {
    throw new InputError(
      `environment: "${environment}" is not deployed by the repository (it has ${repo.description.environments.join(', ')})`,
    );
  }
  return namespace;
}

/** The GitOps routes' operations on the entities' local repositories. */
export function createGitOpsService(options: {
  store: LocalRepoStore;
  analyzer: CanaryAnalyzer;
}): GitOpsService {
  const { store, analyzer } = options;

  async function analysisOf(
    repo: EntityRepository,
    environment: string,
  ): Promise<CanaryAnalysisResult> {
    const namespace = namespaceOf(repo, environment);
    const canary = repo.description.canary;
    if (!canary) {
      throw new InputError(
        `${repo.description.entityRef} has no canary: its mesh route sends to one version`,
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
      const repo = await entityRepository(store, entity);
      namespaceOf(repo, input.environment);
      const target = {
        environment: input.environment,
        revision: input.revision,
      };
      if (input.mode === 'preview') {
        return {
          mode: 'preview',
          preview: await previewRollback(repo.dir, target),
        };
      }
      const { preview, commit, branch, files } = await rollback(
        repo.dir,
        target,
        changeRequest(actor, input.reason ?? ''),
      );
      return {
        mode: 'propose',
        preview,
        repository: 'local',
        change: { commit, branch, files },
      };
    },

    async canaryAnalysis(entity, environment) {
      return analysisOf(await entityRepository(store, entity), environment);
    },

    async canaryStep(entity, input, actor) {
      const repo = await entityRepository(store, entity);
      // Aborting returns all traffic to the stable version: a failing analysis, the usual reason to
      // abort, must not block it. Every other step is analysed first.
      const analysis =
        input.step.step === 'abort'
          ? undefined
          : (await analysisOf(repo, input.environment)).analysis;
      if (!analysis) namespaceOf(repo, input.environment);
      const result = await canaryStep(repo.dir, input.step, {
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
      });
      return {
        environment: input.environment,
        step: input.step,
        canary: result.canary,
        ...(analysis ? { analysis } : {}),
        overridden: analysis?.verdict === 'fail' && input.override,
        repository: 'local',
        change: {
          commit: result.commit,
          branch: result.branch,
          files: result.files,
        },
      };
    },
  };
}
