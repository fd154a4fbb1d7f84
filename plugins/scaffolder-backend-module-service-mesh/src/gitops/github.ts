/*
 * The GitHub path of the GitOps operations: the same operation as on a local repository, run in a
 * temporary clone of the GitHub repository, then pushed as a new branch and proposed as a pull
 * request. The integration's token (a personal token or a GitHub App's installation token) only
 * ever travels in the Authorization header of Git's HTTP requests and of the REST calls: never in a
 * URL, the clone's .git/config, a log line or an error message.
 */
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import type { GitOpsPullRequest } from '@meshport/plugin-service-mesh-common';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { describeRepository, RepositoryDescription } from './operations';

/** A repository on a GitHub host of the `integrations.github` config; `branch` defaults to the default branch. */
export interface GitHubRepository {
  host: string;
  owner: string;
  repo: string;
  branch?: string;
}

/** The pull request a change was proposed with (the wire type of the Service Mesh backend). */
export type PullRequest = GitOpsPullRequest;

/** What the pull request says: its title and body. */
export interface PullRequestText {
  title: string;
  body: string;
}

/** A temporary clone of a GitHub repository, checked out on its base branch and described. */
export interface GitHubClone {
  dir: string;
  base: string;
  description: RepositoryDescription;
  /** Pushes the clone's new head commit as branch `branch` and opens a pull request into the base. */
  propose(branch: string, text: PullRequestText): Promise<PullRequest>;
}

/** Parses `host?owner=…&repo=…` (as publish:github takes it); refuses it naming `field`. */
export function parseGitHubRepoUrl(
  repoUrl: string,
  field = 'repoUrl',
): GitHubRepository {
  let url: URL;
  try {
    url = new URL(`https://${repoUrl}`);
  } catch {
    throw new InputError(`${field}: "${repoUrl}" is not host?owner=…&repo=…`);
  }
  const owner = url.searchParams.get('owner') ?? '';
  const repo = url.searchParams.get('repo') ?? '';
  const name = /^[A-Za-z0-9_.-]{1,100}$/;
  if (url.pathname !== '/' || !name.test(owner) || !name.test(repo)) {
    throw new InputError(
      `${field}: "${repoUrl}" is not host?owner=…&repo=… with a GitHub owner and repository name`,
    );
  }
  return { host: url.host, owner, repo };
}

/**
 * Clones GitHub repositories with the credentials of their host's `integrations.github` entry and
 * opens pull requests through GitHub's REST API.
 */
export class GitHubProposals {
  /** Reads `integrations.github` (tokens or GitHub Apps) from the root config. */
  static fromConfig(config: Config): GitHubProposals {
    const integrations = ScmIntegrations.fromConfig(config);
    return new GitHubProposals(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    );
  }

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
  ) {}

  /** True when `host` has a GitHub integration. */
  handles(host: string): boolean {
    return this.integrations.github.byHost(host) !== undefined;
  }

  /**
   * Clones `repository` into a temporary directory, describes it, and runs `use` on the clone; the
   * clone is removed afterwards. `field` names the input a refusal is about.
   */
  async withClone<T>(
    repository: GitHubRepository,
    field: string,
    use: (clone: GitHubClone) => Promise<T>,
  ): Promise<T> {
    const { host, owner, repo } = repository;
    const integration = this.integrations.github.byHost(host);
    if (!integration) {
      throw new InputError(
        `${field}: there is no GitHub integration for ${host} (integrations.github in the app config)`,
      );
    }
    const url = `https://${host}/${owner}/${repo}`;
    const { token } = await this.credentials.getCredentials({ url });
    if (!token) {
      throw new InputError(
        `${field}: the GitHub integration of ${host} has no credentials for ${owner}/${repo}`,
      );
    }
    // Sent with every Git request (not only after a 401), so that a public repository is read and
    // written as the integration too.
    const headers = {
      Authorization: `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
    };
    const dir = await mkdtemp(join(tmpdir(), 'meshport-github-'));
    try {
      // Full history of one branch: a rollback reads the revision it goes back to.
      await git.clone({
        fs,
        http,
        dir,
        url: `${url}.git`,
        singleBranch: true,
        ...(repository.branch ? { ref: repository.branch } : {}),
        headers,
      });
      const base = (await git.currentBranch({ fs, dir }))!;
      const description = await describeRepository(dir);
      const api = integration.config.apiBaseUrl ?? 'https://api.github.com';
      return await use({
        dir,
        base,
        description,
        propose: async (branch, text) => {
          const commit = await git.resolveRef({ fs, dir, ref: base });
          await git.push({
            fs,
            http,
            dir,
            url: `${url}.git`,
            ref: base,
            remoteRef: `refs/heads/${branch}`,
            headers,
          });
          const res = await fetch(`${api}/repos/${owner}/${repo}/pulls`, {
            method: 'POST',
            headers: {
              Authorization: `token ${token}`,
              Accept: 'application/vnd.github+json',
              'Content-Type': 'application/json',
            },
            body: JSON.stringify({ ...text, head: branch, base }),
            signal: AbortSignal.timeout(30_000),
          });
          if (!res.ok) {
            const answer = (await res.json().catch(() => ({}))) as {
              message?: string;
            };
            throw new Error(
              `GitHub refused the pull request from ${branch} into ${base} of ${owner}/${repo}: ${res.status} ${answer.message ?? res.statusText}`,
            );
          }
          const pr = (await res.json()) as { number: number; html_url: string };
          return { number: pr.number, url: pr.html_url, branch, commit };
        },
      });
    } catch (error) {
      throw withoutSecret(error, token);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** The error with every occurrence of `secret` in its message replaced. */
function withoutSecret(error: unknown, secret: string): unknown {
  if (error instanceof Error && error.message.includes(secret)) {
    error.message = error.message.split(secret).join('***');
    error.stack = undefined;
  }
  return error;
}

/** The name of a proposal branch: `meshport/<what>-<short commit>`, e.g. `meshport/rollback-prod-1a2b3c4`. */
export function proposalBranch(what: string, commit: string): string {
  return `meshport/${what}-${commit.slice(0, 7)}`;
}

/** The body of a pull request: the commit's reason and trailers, and a link to the entity when known. */
export function pullRequestBody(options: {
  reason: string;
  entityUrl?: string;
}): string {
  return [
    options.reason.trim(),
    ...(options.entityUrl ? [`Entity: ${options.entityUrl}`] : []),
    'Proposed through Meshport.',
  ].join('\n\n');
}

/** The catalog page of `entityRef` under the app's `baseUrl` (undefined when the app is not known). */
export function entityPageUrl(
  baseUrl: string | undefined,
  entityRef: string,
): string | undefined {
  if (!baseUrl) return undefined;
  const [, kind, namespace, name] = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef)!;
  return `${baseUrl.replace(/\/$/, '')}/catalog/${namespace}/${kind}/${name}`;
}
