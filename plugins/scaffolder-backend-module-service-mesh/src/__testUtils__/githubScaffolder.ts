/*
 * The GitOps actions' GitHub path in the real scaffolder, for the tests that run its tasks: a template
 * that rolls prod back and promotes the canary of a repository on github.com, faked at the HTTP layer
 * with msw — Git's smart HTTP protocol answered by the real `git http-backend` on a bare repository,
 * the REST API by handlers that record every request. The pushed branches are read back from the
 * bare repository.
 */
import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canaryStep } from '../gitops/operations';
import { gitHttpBackend } from '../testUtils/gitHttpBackend';
import { generatedTree, repoFrom, TEST_REQUEST } from '../testUtils/gitRepos';
import { runTask, startScaffolder } from './scaffolderTasks';

/** The integration's token, which must never show in a URL, a clone's config, a log or an error. */
export const TOKEN = 'ghs_test-installation-token';
const REPO_URL = 'github.com?owner=acme&repo=search';

export const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'gitops-github',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'url:https://example.com/t.yaml',
    },
  },
  spec: {
    type: 'service',
    parameters: [{ properties: { revision: { type: 'string' } } }],
    steps: [
      {
        id: 'rollback',
        action: 'meshport:gitops:rollback',
        input: {
          repoUrl: REPO_URL,
          environment: 'prod',
          revision: '${{ parameters.revision }}',
          reason: 'v2 at 50 % raised the error ratio in prod',
        },
      },
      {
        id: 'promote',
        action: 'meshport:canary:promote',
        input: {
          repoUrl: REPO_URL,
          reason: 'v2 is within the SLO',
          analysis: { verdict: 'pass', summary: 'v2 error ratio 0.1 % <= 1 %' },
        },
      },
    ],
    output: {
      rollback: '${{ steps.rollback.output.pullRequestUrl }}',
      rollbackNumber: '${{ steps.rollback.output.pullRequestNumber }}',
      promote: '${{ steps.promote.output.pullRequestUrl }}',
    },
  },
};

/**
 * Starts the scaffolder (before all tests) with the integration's token and the fake GitHub holding
 * the generated repository with its canary moved to 50 %; what each test reads and sets.
 */
export function setupGithubScaffolder() {
  let root: string;
  let generated: string;
  const requests: { method: string; path: string; body?: any }[] = [];
  const authorizations = new Set<string>();
  const cloneConfigs: string[] = [];
  let pullsAnswer = 201;
  const bare = () => join(root, 'github', 'acme', 'search.git');
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', bare(), ...args], { encoding: 'utf8' });

  const github = setupServer(
    http.all('https://github.com/acme/search.git/*', async info => {
      // What the temporary clones hold while they push: no credentials in .git/config.
      const tmp = tmpdir();
      for (const d of fs.readdirSync(tmp)) {
        if (!d.startsWith('meshport-github-')) continue;
        const config = join(tmp, d, '.git', 'config');
        if (fs.existsSync(config))
          cloneConfigs.push(fs.readFileSync(config, 'utf8'));
      }
      authorizations.add(info.request.headers.get('authorization') ?? '(none)');
      return gitHttpBackend(join(root, 'github'), req => {
        const url = new URL(req.url);
        requests.push({
          method: req.method,
          path: `git ${url.pathname}${url.search}`,
        });
      })(info);
    }),
    http.post(
      'https://api.github.com/repos/acme/search/pulls',
      async ({ request: req }) => {
        const body = await req.json();
        requests.push({
          method: 'POST',
          path: '/repos/acme/search/pulls',
          body,
        });
        authorizations.add(req.headers.get('authorization') ?? '(none)');
        if (pullsAnswer !== 201) {
          // A hostile or buggy upstream that echoes the credentials it was sent.
          return HttpResponse.json(
            {
              message: `Validation Failed for ${req.headers.get('authorization')}`,
            },
            { status: pullsAnswer },
          );
        }
        const number =
          requests.filter(r => r.path.endsWith('/pulls')).length + 40;
        return HttpResponse.json(
          { number, html_url: `https://github.com/acme/search/pull/${number}` },
          { status: 201 },
        );
      },
    ),
  );

  let server: Awaited<ReturnType<typeof startScaffolder>>;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshport-github-test-'));
    // On "GitHub": the generated repository, then its canary moved to 50 %.
    const work = await repoFrom(generatedTree('gateway-api-canary'));
    generated = work.commit;
    await canaryStep(
      work.dir,
      { step: 'set-weights', canaryWeight: 50 },
      { ...TEST_REQUEST, reason: 'v2 looks fine at 10 %' },
    );
    execFileSync('git', ['clone', '-q', '--bare', work.dir, bare()]);
    await work.cleanup();
    github.listen({ onUnhandledRequest: 'bypass' });
    server = await startScaffolder([template], {
      app: { baseUrl: 'http://localhost:3000' },
      integrations: { github: [{ host: 'github.com', token: TOKEN }] },
    });
  });
  afterAll(async () => {
    github.close();
    await rm(root, { recursive: true, force: true });
  });

  return {
    requests,
    authorizations,
    cloneConfigs,
    /** Git in the bare repository on "GitHub". */
    git,
    bareDir: bare,
    /** The generated commit (the rollback's revision). */
    generated: () => generated,
    server: () => server,
    /** How GitHub answers the next pull requests (201, or a refusal). */
    answerPulls: (status: number) => {
      pullsAnswer = status;
    },
    /** Runs the template's task (rollback prod to the generated commit, then promote). */
    run: () =>
      runTask(server, 'template:default/gitops-github', {
        revision: generated,
      }),
  };
}
