/*
 * The GitOps routes on an entity the catalog read from GitHub: github.com faked at the HTTP layer
 * (Git's smart HTTP answered by the real `git http-backend` on bare repositories, the REST API by
 * handlers that record the pull requests), the changes proposed as pull requests.
 */
import {
  generatedTree,
  gitHttpBackend,
  repoFrom,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/testUtils';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import {
  ALICE,
  HEALTHY,
  prometheus,
  search,
  start as startAt,
  TOKEN,
  TestRepository,
  useSearchRepository,
} from '../../__testUtils__/gitopsBackend';
import { expectMatchesOpenApi } from '../../__testUtils__/openapi';
import { useUpstreams } from '../../__testUtils__/upstreams';

// Clones, pushes, schema loading and a backend start per test on a shared 2-core machine.
jest.setTimeout(60_000);

const upstreams = useUpstreams();

const repos = useSearchRepository();
let root: string;
let repo: TestRepository;
beforeEach(() => ({ root, repo } = repos));

const start = (entity: Parameters<typeof startAt>[0]) => startAt(entity, root);

describe('GitOps routes on a GitHub repository', () => {
  const pulls: any[] = [];
  let pullsStatus = 201;
  const bare = (name: string) => join(root, 'github', 'acme', `${name}.git`);
  const git = (name: string, ...args: string[]) =>
    execFileSync('git', ['--git-dir', bare(name), ...args], {
      encoding: 'utf8',
    }).trim();
  const onGitHub = (name = 'search') =>
    search(`url:https://github.com/acme/${name}/blob/main/catalog-info.yaml`);
  beforeEach(() => {
    pulls.length = 0;
    pullsStatus = 201;
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare('search')]);
    upstreams.server.use(
      http.all('https://github.com/acme/:repo/*', info =>
        gitHttpBackend(join(root, 'github'))(info),
      ),
      http.post(
        'https://api.github.com/repos/acme/search/pulls',
        async ({ request: req }) => {
          pulls.push(await req.json());
          if (pullsStatus !== 201) {
            return HttpResponse.json(
              {
                message: `Bad credentials: ${req.headers.get('authorization')}`,
              },
              { status: pullsStatus },
            );
          }
          return HttpResponse.json(
            {
              number: 6 + pulls.length,
              html_url: `https://github.com/acme/search/pull/${6 + pulls.length}`,
            },
            { status: 201 },
          );
        },
      ),
    );
  });

  it('proposes a canary step and a rollback as pull requests, audited with their URLs', async () => {
    const backend = await start(onGitHub());
    upstreams.server.use(prometheus(HEALTHY));
    const step = await backend.post('/canary', {
      environment: 'prod',
      step: 'set-weights',
      canaryWeight: 50,
      reason: 'v2 is healthy',
    });
    expect(step.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/canary',
      'post',
      200,
      step.body,
    );
    const stepBranch = step.body.pullRequest.branch;
    expect(stepBranch).toMatch(/^meshport\/canary-set-weights-[0-9a-f]{7}$/);
    expect(step.body.pullRequest).toEqual({
      number: 7,
      url: 'https://github.com/acme/search/pull/7',
      branch: stepBranch,
      commit: git('search', 'rev-parse', stepBranch),
    });
    expect(pulls[0].body).toMatch(
      /^v2 is healthy\n\nRequested-by: user:default\/alice\nCanary-Analysis: pass: .+\n\nEntity: http:\/\/localhost:3000\/catalog\/default\/component\/search\n\nProposed through Meshport\.$/,
    );
    expect(backend.event.success).toHaveBeenLastCalledWith({
      meta: {
        fromWeight: 10,
        commit: step.body.change.commit,
        pullRequest: 'https://github.com/acme/search/pull/7',
        analysis: 'pass',
        overridden: false,
      },
    });
    // The pull request is merged: main moves to its commit.
    git('search', 'update-ref', 'refs/heads/main', stepBranch);
    const merged = git('search', 'rev-parse', 'main');

    const rolled = await backend.post('/rollback', {
      environment: 'prod',
      revision: repo.commit,
      mode: 'propose',
      reason: 'v2 broke checkout',
    });
    expect(rolled.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/rollback',
      'post',
      200,
      rolled.body,
    );
    const branch = rolled.body.pullRequest.branch;
    expect(branch).toMatch(/^meshport\/rollback-prod-[0-9a-f]{7}$/);
    const commit = git('search', 'rev-parse', branch);
    expect(rolled.body.repository).toBe('github');
    expect(rolled.body.pullRequest).toEqual({
      number: 8,
      url: 'https://github.com/acme/search/pull/8',
      branch,
      commit,
    });
    expect(rolled.body.change).toEqual({
      commit,
      branch,
      files: [{ path: 'deploy/argocd/prod.yaml', change: 'modified' }],
    });
    expect(git('search', 'rev-parse', `${branch}^`)).toBe(merged);
    expect(git('search', 'diff', '--name-only', 'main', branch)).toBe(
      'deploy/argocd/prod.yaml',
    );
    expect(pulls[1]).toEqual({
      title: `Roll back prod to ${repo.commit.slice(0, 12)} (from main at ${merged.slice(0, 12)})`,
      body: `v2 broke checkout\n\nRequested-by: ${ALICE}\n\nEntity: http://localhost:3000/catalog/default/component/search\n\nProposed through Meshport.`,
      head: branch,
      base: 'main',
    });
    expect(backend.event.success).toHaveBeenLastCalledWith({
      meta: {
        fromRevision: merged,
        toRevision: repo.commit,
        commit,
        pullRequest: 'https://github.com/acme/search/pull/8',
      },
    });
    // The local repository the GitHub one was cloned from is untouched.
    expect(await repo.head()).toBe(repo.commit);
  });

  it('refuses a repository whose catalog-info.yaml describes another entity (403), pushing nothing', async () => {
    const other = await repoFrom(generatedTree('internal-only'));
    execFileSync('git', ['clone', '-q', '--bare', other.dir, bare('other')]);
    await other.cleanup();
    const backend = await start(onGitHub('other'));
    const res = await backend.post('/canary', {
      environment: 'prod',
      step: 'abort',
      reason: 'x',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /^the catalog-info\.yaml of url:https:\/\/github\.com\/acme\/other\/blob\/main\/catalog-info\.yaml describes component:default\/[a-z-]+, not component:default\/search$/,
    );
    expect(git('other', 'for-each-ref', '--format=%(refname)')).toBe(
      'refs/heads/main',
    );
    expect(pulls).toEqual([]);
  });

  it('never puts the token in an error text, even when GitHub echoes it', async () => {
    pullsStatus = 401;
    const backend = await start(onGitHub());
    const res = await backend.post('/canary', {
      environment: 'prod',
      step: 'abort',
      reason: 'v2 fails',
    });
    expect(res.status).toBe(500);
    expect(res.body.error.message).toMatch(
      /^GitHub refused the pull request from meshport\/canary-abort-[0-9a-f]{7} into main of acme\/search: 401 Bad credentials: token \*\*\*$/,
    );
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    const failure = backend.event.fail.mock.calls[0][0].error as Error;
    expect(`${failure.message}\n${failure.stack ?? ''}`).not.toContain(TOKEN);
  });
});
