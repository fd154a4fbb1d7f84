import type { Entity } from '@backstage/catalog-model';
import type {
  CanaryAnalysisResult,
  CanaryStep,
  CanaryStepResult,
  RollbackResult,
} from '@meshport/plugin-service-mesh-common';

/** Who asks for a change: the signed-in user, as the commit's author and `Requested-by:` trailer. */
export interface GitOpsActor {
  userEntityRef: string;
}

/** A rollback request: `preview` shows the diff, `propose` commits it (`reason` then required). */
export interface RollbackInput {
  environment: string;
  revision: string;
  mode: 'preview' | 'propose';
  reason?: string;
}

/** A canary step request; the analysis runs first and a failing one refuses it unless `override`. */
export interface CanaryStepInput {
  environment: string;
  step: CanaryStep;
  reason: string;
  override: boolean;
}

/**
 * Rollback and canary steps on an entity's repository through the scaffolder module's GitOps
 * operations. The router checks the caller's permission before calling any of them.
 */
export interface GitOpsService {
  rollback(
    entity: Entity,
    input: RollbackInput,
    actor: GitOpsActor,
  ): Promise<RollbackResult>;
  canaryAnalysis(
    entity: Entity,
    environment: string,
  ): Promise<CanaryAnalysisResult>;
  canaryStep(
    entity: Entity,
    input: CanaryStepInput,
    actor: GitOpsActor,
  ): Promise<CanaryStepResult>;
}
