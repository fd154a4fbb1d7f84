/*
 * Rollback of one environment. The base is shared by every environment, so restoring files would
 * roll back the others too; instead the environment's Argo CD Application pins `targetRevision` to
 * the chosen commit: only that environment's file changes, Git still says what runs, and Argo CD
 * renders the environment exactly as it was. Rolling back to a branch name follows the branch again.
 */
import { createTwoFilesPatch } from 'diff';
import { isScalar, Scalar } from 'yaml';
import { InputError } from '@backstage/errors';
import type { RollbackPreview } from '@meshport/plugin-service-mesh-common';
import { parseYaml, YAML_OUTPUT } from '../generator/render';
import { renderedInEnvironment } from '../layout';
import { changeOf, FileChange, GitRepository } from './git';
import { checkRepository, CheckedRepository, RepoFiles } from './repository';

const TARGET_REVISION = ['spec', 'source', 'targetRevision'];

function environmentFiles(files: RepoFiles, environment: string) {
  return new Map(
    [...files].filter(([path]) => renderedInEnvironment(path, environment)),
  );
}

/** Checks an older revision's tree, naming the revision in a refusal. */
async function checkedAt(files: RepoFiles, commit: string) {
  try {
    return await checkRepository(files);
  } catch (e) {
    if (e instanceof InputError) {
      throw new InputError(
        `revision: ${commit.slice(0, 7)} is not a valid Meshport repository: ${e.message}`,
      );
    }
    throw e;
  }
}

/**
 * Plans the rollback of `environment` to `revision` (a commit id, or a branch to follow again) in the
 * checked tree `files` of the branch's head: the preview and the one file change.
 */
export async function planRollback(
  git: GitRepository,
  files: RepoFiles,
  repo: CheckedRepository,
  input: { environment: string; revision: string },
): Promise<{ preview: RollbackPreview; change: FileChange }> {
  const applicationPath = repo.applicationPaths.get(input.environment);
  if (!applicationPath) {
    throw new InputError(
      `environment: "${input.environment}" is not deployed by this repository (it has ${[...repo.applicationPaths.keys()].join(', ')})`,
    );
  }
  const doc = parseYaml(files.get(applicationPath)!);
  const current = String(doc.getIn(TARGET_REVISION) ?? 'HEAD');
  const fromCommit = await git.resolve(current);
  const toCommit = await git.resolve(input.revision);
  const followsBranch = (await git.branches()).includes(input.revision);
  const target = followsBranch ? input.revision : toCommit;
  if (target === current) {
    throw new InputError(
      `revision: ${input.environment} already deploys ${current}`,
    );
  }
  const toFiles = await git.filesAt(toCommit);
  const to = await checkedAt(toFiles, toCommit);
  if (!to.applicationPaths.has(input.environment)) {
    throw new InputError(
      `revision: ${toCommit.slice(0, 7)} has no ${input.environment} environment`,
    );
  }
  const before = environmentFiles(
    await git.filesAt(fromCommit),
    input.environment,
  );
  const after = environmentFiles(toFiles, input.environment);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changed = paths.filter(p => before.get(p) !== after.get(p));
  if (changed.length === 0 && !followsBranch) {
    throw new InputError(
      `revision: no deploy file of ${input.environment} differs between ${fromCommit.slice(0, 7)} and ${toCommit.slice(0, 7)}`,
    );
  }
  const preview: RollbackPreview = {
    environment: input.environment,
    applicationPath,
    from: { targetRevision: current, commit: fromCommit },
    to: { targetRevision: target, commit: toCommit },
    files: changed.map(path => ({
      path,
      change: changeOf(before.get(path), after.get(path)),
    })),
    diff: changed
      .map(path =>
        createTwoFilesPatch(
          before.has(path) ? `a/${path}` : '/dev/null',
          after.has(path) ? `b/${path}` : '/dev/null',
          before.get(path) ?? '',
          after.get(path) ?? '',
          fromCommit.slice(0, 7),
          toCommit.slice(0, 7),
        ),
      )
      .join(''),
  };
  doc.setIn(TARGET_REVISION, target);
  const key = (
    doc.getIn(['spec', 'source'], true) as { items: Array<{ key: unknown }> }
  ).items.find(p => isScalar(p.key) && p.key.value === 'targetRevision')!
    .key as Scalar;
  key.commentBefore = followsBranch
    ? undefined
    : ` Rolled back from ${current}; roll back to ${await git.branch()} to follow the branch again.`;
  return {
    preview,
    change: { path: applicationPath, content: doc.toString(YAML_OUTPUT) },
  };
}
