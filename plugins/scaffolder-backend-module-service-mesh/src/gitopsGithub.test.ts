/*
 * The GitOps actions' GitHub path as a real scaffolder task: a template rolls prod back and promotes
 * the canary of a repository on github.com, faked at the HTTP layer with msw — Git's smart HTTP
 * protocol answered by the real `git http-backend` on a bare repository, the REST API by handlers
 * that record every request. The pushed branches are read back from the bare repository.
 */
import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTask, startScaffolder } from './__testUtils__/scaffolderTasks';
import { gitHttpBackend } from './testUtils/gitHttpBackend';
import { canaryStep } from './gitops/operations';
import {
  generatedTree,
  gitopsFixture,
  readTree,
  repoFrom,
} from './testUtils/gitRepos';

jest.setTimeout(120_000);

const TOKEN = 'ghs_test-installation-token';
const REPO_URL = 'github.com?owner=acme&repo=search';

const template: Entity = {
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

describe('the GitOps actions on a GitHub repository, in the real scaffolder', () => {
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
      for (const d of fs.readdirSync(tmpdir())) {
        const config = join(tmpdir(), d, '.git', 'config');
        if (d.startsWith('meshport-github-') && fs.existsSync(config))
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
      {
        reason: 'v2 looks fine at 10 %',
        author: { name: 'Jane Doe', email: 'jane@example.com' },
      },
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

  const run = () =>
    runTask(server, 'template:default/gitops-github', { revision: generated });

  it('opens a pull request per step, from a branch holding exactly the changed tree', async () => {
    const { error, output, events } = await run();
    expect(error).toBeUndefined();
    expect(output).toEqual({
      rollback: 'https://github.com/acme/search/pull/41',
      rollbackNumber: 41,
      promote: 'https://github.com/acme/search/pull/42',
    });
    const branches = git(
      'for-each-ref',
      '--format=%(refname:short)',
      'refs/heads',
    )
      .trim()
      .split('\n');
    const [promoteBranch] = branches.filter(b =>
      b.startsWith('meshport/canary-promote-'),
    );
    const [rollbackBranch] = branches.filter(b =>
      b.startsWith('meshport/rollback-prod-'),
    );
    expect(branches).toEqual(['main', promoteBranch, rollbackBranch]);

    // The exact conversation with GitHub, in order: clone, push, pull request — twice.
    const step = (branch: string) => [
      'GET git /acme/search.git/info/refs?service=git-upload-pack',
      'POST git /acme/search.git/git-upload-pack',
      'GET git /acme/search.git/info/refs?service=git-receive-pack',
      'POST git /acme/search.git/git-receive-pack',
      `POST /repos/acme/search/pulls ${branch}`,
    ];
    expect(
      requests.map(
        r => `${r.method} ${r.path}${r.body ? ` ${r.body.head}` : ''}`,
      ),
    ).toEqual([...step(rollbackBranch), ...step(promoteBranch)]);
    const main = git('rev-parse', 'main').trim();
    expect(requests[4].body).toEqual({
      title: `Roll back prod to ${generated.slice(0, 12)} (from main at ${main.slice(0, 12)})`,
      body: 'v2 at 50 % raised the error ratio in prod\n\nRequested-by: user:default/guest\n\nEntity: http://localhost:3000/catalog/default/component/search\n\nProposed through Meshport.',
      head: rollbackBranch,
      base: 'main',
    });
    expect(requests[9].body).toEqual({
      title: 'Promote canary v2; remove v1',
      body: 'v2 is within the SLO\n\nRequested-by: user:default/guest\nCanary-Analysis: pass: v2 error ratio 0.1 % <= 1 %\n\nEntity: http://localhost:3000/catalog/default/component/search\n\nProposed through Meshport.',
      head: promoteBranch,
      base: 'main',
    });
    // Every request carried the integration's token, never in a URL, the clone's config or the log.
    expect([...authorizations].sort()).toEqual([
      `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`,
      `token ${TOKEN}`,
    ]);
    expect(cloneConfigs.length).toBeGreaterThan(0);
    expect(
      cloneConfigs.filter(
        c => c.includes(TOKEN) || c.includes('x-access-token'),
      ),
    ).toEqual([]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);

    // The branches: one commit on main each; the rollback changes only prod's Application.
    expect(
      git('rev-parse', `${rollbackBranch}^`, `${promoteBranch}^`)
        .trim()
        .split('\n'),
    ).toEqual([main, main]);
    expect(git('diff', '--name-only', 'main', rollbackBranch).trim()).toBe(
      'deploy/argocd/prod.yaml',
    );
    const treeOf = (branch: string) =>
      Object.fromEntries(
        git('ls-tree', '-r', '--name-only', branch)
          .trim()
          .split('\n')
          .map(path => [path, git('show', `${branch}:${path}`)]),
      );
    expect(treeOf(rollbackBranch)).toEqual(
      readTree(gitopsFixture('rollback-prod')),
    );
    expect(treeOf(promoteBranch)).toEqual(readTree(gitopsFixture('promote')));
  });

  it('fails the task when GitHub refuses the pull request, without the token in any error text', async () => {
    pullsAnswer = 422;
    requests.length = 0;
    const { error, events } = await run();
    expect(error).toMatch(
      /^GitHub refused the pull request from meshport\/rollback-prod-[0-9a-f]{7} into main of acme\/search: 422 Validation Failed for token \*\*\*$/,
    );
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(requests.map(r => r.path).at(-1)).toBe('/repos/acme/search/pulls');
  });

  it('dry-runs the template: clones and checks each step, pushes nothing, opens no pull request', async () => {
    pullsAnswer = 201;
    requests.length = 0;
    const refs = () => git('for-each-ref', '--format=%(refname) %(objectname)');
    const before = refs();
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header('user:default/guest'))
      .send({
        template,
        values: { revision: generated },
        directoryContents: [],
      });
    expect(res.status).toBe(200);
    const clone = [
      'GET git /acme/search.git/info/refs?service=git-upload-pack',
      'POST git /acme/search.git/git-upload-pack',
    ];
    expect(requests.map(r => `${r.method} ${r.path}`)).toEqual([
      ...clone,
      ...clone,
    ]);
    expect(refs()).toBe(before);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
  });
});
