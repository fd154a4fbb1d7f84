/*
 * Where a GitOps operation runs, for the scaffolder actions and the Service Mesh backend alike: in
 * place on a local repository (a commit on its branch), or in a temporary clone of a GitHub
 * repository whose commit is pushed as a new branch and proposed as a pull request.
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import type { GitOpsCommit } from '@meshport/plugin-service-mesh-common';
import {
  entityPageUrl,
  GitHubProposals,
  GitHubRepository,
  PullRequest,
  pullRequestBody,
} from './github';
import { describeRepository, RepositoryDescription } from './operations';

/** A repository the GitOps operations change: a local working tree, or a GitHub repository. */
export type GitOpsRepository =
  | { kind: 'local'; dir: string }
  | {
      kind: 'github';
      repository: GitHubRepository;
      /** The input field the repository came from, named in refusals. */
      field: string;
    };

/** What running operations on GitHub repositories needs. */
export interface GitOpsContext {
  github: GitHubProposals;
  /** The app's base URL, for the pull request's link to the entity page. */
  appBaseUrl?: string;
}

/** Reads a repository: `check` may refuse it from its description before `read` runs on its tree. */
export async function readRepository<T>(
  where: GitOpsRepository,
  context: GitOpsContext,
  check: (description: RepositoryDescription) => Promise<void> | void,
  read: (dir: string, description: RepositoryDescription) => Promise<T>,
): Promise<T> {
  if (where.kind === 'local') {
    const description = await describeRepository(where.dir);
    await check(description);
    return read(where.dir, description);
  }
  return context.github.withClone(where.repository, where.field, async c => {
    await check(c.description);
    return read(c.dir, c.description);
  });
}

/**
 * Runs `change` (one commit on the checked-out branch) on a repository after `check`. On GitHub the
 * commit is pushed as branch `branch(result)` and proposed as a pull request titled like the commit,
 * its body the commit's reason and trailers and a link to the entity page; a dry run proposes nothing.
 */
export async function changeRepository<R extends GitOpsCommit>(
  where: GitOpsRepository,
  context: GitOpsContext,
  options: {
    check: (description: RepositoryDescription) => Promise<void> | void;
    change: (dir: string) => Promise<R>;
    branch: (result: R) => string;
    dryRun?: boolean;
  },
): Promise<R & { pullRequest?: PullRequest }> {
  if (where.kind === 'local') {
    return readRepository(where, context, options.check, options.change);
  }
  return context.github.withClone(where.repository, where.field, async c => {
    await options.check(c.description);
    const result = await options.change(c.dir);
    if (options.dryRun) return result;
    const { commit } = await git.readCommit({
      fs,
      dir: c.dir,
      oid: result.commit,
    });
    const [title, ...paragraphs] = commit.message.trim().split('\n\n');
    const branch = options.branch(result);
    const pullRequest = await c.propose(branch, {
      title,
      body: pullRequestBody({
        reason: paragraphs.join('\n\n'),
        entityUrl: entityPageUrl(context.appBaseUrl, c.description.entityRef),
      }),
    });
    return { ...result, branch, pullRequest };
  });
}
