/*
 * The GitOps operations on a generated service repository, shared by the scaffolder actions and the
 * Service Mesh backend's routes: each reads the checked-out branch, refuses a drifted tree naming the
 * file, plans structural YAML edits, checks the result as the generator checks its output (schemas,
 * analyzer), and only then commits.
 */
import { InputError } from '@backstage/errors';
import type {
  CanaryAnalysisDecision,
  CanaryStep,
  CanaryVersions,
  GitOpsCommit,
  RollbackPreview,
} from '@meshport/plugin-service-mesh-common';
import { canaryOf, finishCanary, NoCanaryError, setWeights } from './canary';
import {
  applyChanges,
  changeOf,
  CommitAuthor,
  FileChange,
  GitRepository,
} from './git';
import { checkRepository, CheckedRepository, RepoFiles } from './repository';
import { planRollback } from './rollback';

export type {
  CanaryAnalysisDecision,
  CanaryStep,
  CanaryVersions,
  GitOpsCommit,
  RollbackPreview,
};

/**
 * Who asks for a change and why; `trailers` (e.g. who requested it) end the commit message. A canary
 * step with a failing `analysis` is refused unless `override` is set; the decision goes into the message.
 */
export interface ChangeRequest {
  reason: string;
  author: CommitAuthor;
  trailers?: Record<string, string>;
  analysis?: CanaryAnalysisDecision;
  override?: boolean;
  /** Check and report the change without committing it (`commit` is then empty). */
  dryRun?: boolean;
}

/** The commit trailer recording the analysis and the decision; refuses a failing one not overridden. */
function analysisTrailer(request: ChangeRequest): Record<string, string> {
  const { analysis, override } = request;
  if (!analysis) return {};
  if (analysis.verdict === 'fail' && !override) {
    throw new InputError(
      `analysis: the canary analysis failed (${analysis.summary}); set override to proceed anyway`,
    );
  }
  const overridden = analysis.verdict === 'fail' ? ', overridden' : '';
  return {
    'Canary-Analysis': `${analysis.verdict}${overridden}: ${analysis.summary}`,
  };
}

function message(title: string, request: ChangeRequest): string {
  const reason = request.reason.trim();
  if (!reason) throw new InputError('reason: must not be empty');
  const trailers = Object.entries(request.trailers ?? {}).map(
    ([key, value]) => `${key}: ${value}`,
  );
  return [title, reason, ...(trailers.length ? [trailers.join('\n')] : [])]
    .join('\n\n')
    .concat('\n');
}

/** The branch head's files, checked; refuses uncommitted edits and a drifted tree. */
async function headOf(git: GitRepository) {
  await git.assertClean();
  const branch = await git.branch();
  const files = await git.filesAt(await git.resolve(branch));
  return { branch, files, repo: await checkRepository(files) };
}

/** Checks the tree after `changes` and commits them (not in a dry run); unchanged files are left out. */
async function commitChecked(
  git: GitRepository,
  head: { branch: string; files: RepoFiles },
  changes: FileChange[],
  title: string,
  request: ChangeRequest,
): Promise<GitOpsCommit> {
  const effective = changes
    .filter(c => head.files.get(c.path) !== c.content)
    .sort((a, b) => a.path.localeCompare(b.path));
  await checkRepository(applyChanges(head.files, effective));
  const text = message(title, request);
  const commit = request.dryRun
    ? ''
    : await git.commit(effective, text, request.author);
  return {
    commit,
    branch: head.branch,
    files: effective.map(c => ({
      path: c.path,
      change: changeOf(head.files.get(c.path), c.content),
    })),
  };
}

/** What rolling `environment` back to `revision` would change; writes nothing. */
export async function previewRollback(
  dir: string,
  input: { environment: string; revision: string },
): Promise<RollbackPreview> {
  const git = new GitRepository(dir);
  return git.exclusive(async () => {
    const head = await headOf(git);
    return (await planRollback(git, head.files, head.repo, input)).preview;
  });
}

/** Rolls `environment` back to `revision` with one commit on the checked-out branch. */
export async function rollback(
  dir: string,
  input: { environment: string; revision: string },
  request: ChangeRequest,
): Promise<GitOpsCommit & { preview: RollbackPreview }> {
  const git = new GitRepository(dir);
  return git.exclusive(async () => {
    const head = await headOf(git);
    const { preview, change } = await planRollback(
      git,
      head.files,
      head.repo,
      input,
    );
    const done = await commitChecked(
      git,
      head,
      [change],
      `Roll back ${input.environment} to ${preview.to.targetRevision.slice(0, 12)} (from ${preview.from.targetRevision} at ${preview.from.commit.slice(0, 12)})`,
      request,
    );
    return { ...done, preview };
  });
}

/** What a repository deploys: its entity, branch, environments, and canary (none without one). */
export interface RepositoryDescription {
  entityRef: string;
  branch: string;
  head: string;
  environments: string[];
  /** The namespace each environment's Argo CD Application deploys to. */
  namespaces: Record<string, string>;
  canary?: CanaryVersions;
}

/** Describes the checked-out branch of a repository; refuses a drifted one. */
export async function describeRepository(
  dir: string,
): Promise<RepositoryDescription> {
  const git = new GitRepository(dir);
  return git.exclusive(async () => {
    const head = await headOf(git);
    let canary: CanaryVersions | undefined;
    try {
      canary = canaryOf(head.files, head.repo);
    } catch (e) {
      if (!(e instanceof NoCanaryError)) throw e;
    }
    return {
      entityRef: head.repo.entityRef,
      branch: head.branch,
      head: await git.resolve(head.branch),
      environments: head.repo.environments.map(e => e.name),
      namespaces: Object.fromEntries(
        head.repo.environments.map(e => [e.name, e.namespace]),
      ),
      ...(canary ? { canary } : {}),
    };
  });
}

function plan(
  files: RepoFiles,
  repo: CheckedRepository,
  step: CanaryStep,
  canary: CanaryVersions,
): { changes: FileChange[]; title: string } {
  if (step.step === 'set-weights') {
    const weight = step.canaryWeight;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new InputError(
        `canaryWeight: must be a whole number from 0 to 100, got ${weight}`,
      );
    }
    if (weight === canary.canaryWeight) {
      throw new InputError(
        `canaryWeight: ${canary.canary} already gets ${weight} %`,
      );
    }
    return {
      changes: setWeights(files, repo, weight),
      title: `Canary ${canary.canary}: ${weight} % (${canary.stable}: ${100 - weight} %)`,
    };
  }
  return step.step === 'promote'
    ? {
        changes: finishCanary(files, repo, 'promote'),
        title: `Promote canary ${canary.canary}; remove ${canary.stable}`,
      }
    : {
        changes: finishCanary(files, repo, 'abort'),
        title: `Abort canary ${canary.canary}; keep ${canary.stable}`,
      };
}

/** Runs one canary step with one commit on the checked-out branch. */
export async function canaryStep(
  dir: string,
  step: CanaryStep,
  request: ChangeRequest,
): Promise<GitOpsCommit & { canary: CanaryVersions }> {
  const git = new GitRepository(dir);
  return git.exclusive(async () => {
    const head = await headOf(git);
    const canary = canaryOf(head.files, head.repo);
    const { changes, title } = plan(head.files, head.repo, step, canary);
    const trailers = { ...request.trailers, ...analysisTrailer(request) };
    return {
      ...(await commitChecked(git, head, changes, title, {
        ...request,
        trailers,
      })),
      canary,
    };
  });
}
