/*
 * The GitOps routes through the real backend plugin, under the production permission policy, on a real
 * local Git repository holding a generated service (the scaffolder module's gateway-api-canary golden:
 * dev and prod, canary v2 at 10 %), with Prometheus answering per-version signals.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  generatedTree,
  gitHttpBackend,
  repoFrom,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/testUtils';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import request from 'supertest';
// The production policy of the example backend, so that these tests decide exactly as production does.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ProductionPermissionPolicy } from '../../../../../packages/backend/src/productionPolicy';
import { expectMatchesOpenApi } from '../../__testUtils__/openapi';
import {
  useUpstreams,
  upstreamConfig,
  UPSTREAMS,
} from '../../__testUtils__/upstreams';
import { serviceMeshPlugin } from '../../plugin';

// Git work, schema loading and a backend start per test on a shared 2-core machine.
jest.setTimeout(60_000);

const upstreams = useUpstreams();

const ALICE = 'user:default/alice'; // member of group:default/shop-team, search's owner
const MALLORY = 'user:default/mallory';
const OWNERSHIP: Record<string, string[]> = {
  [ALICE]: [ALICE, 'group:default/shop-team'],
  [MALLORY]: [MALLORY, 'group:default/mallory-team'],
};
const SEARCH = '/api/service-mesh/entities/component/default/search';
const TOKEN = 'ghp_test-token-of-the-integration';

/** Prometheus answering requests/s, 5xx/s and p99 for v1 and v2 (per `destination_version`). */
function prometheus(v2: { errorsPerSecond: number; p99: number }) {
  const values = (query: string): [string, string] => {
    if (query.startsWith('histogram_quantile')) return ['100', String(v2.p99)];
    if (query.includes('response_code')) {
      return ['0.01', String(v2.errorsPerSecond)];
    }
    return ['9', '1']; // requests/s: 5400 and 600 over the 600 s window
  };
  return http.get(
    `${UPSTREAMS.prometheus.baseUrl}/api/v1/query`,
    ({ request: req }) => {
      const [v1Value, v2Value] = values(
        new URL(req.url).searchParams.get('query')!,
      );
      return HttpResponse.json({
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            { metric: { destination_version: 'v1' }, value: [1, v1Value] },
            { metric: { destination_version: 'v2' }, value: [1, v2Value] },
          ],
        },
      });
    },
  );
}
const HEALTHY = { errorsPerSecond: 0.002, p99: 110 };
const FAILING = { errorsPerSecond: 0.1, p99: 110 };

let root: string;
let repo: Awaited<ReturnType<typeof repoFrom>>;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'meshport-local-repos-'));
  repo = await repoFrom(
    generatedTree('gateway-api-canary'),
    join(root, 'search'),
  );
});
afterEach(() => rm(root, { recursive: true, force: true }));

function search(location = `file:${root}/search/catalog-info.yaml`): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'search',
      namespace: 'default',
      annotations: { 'backstage.io/managed-by-location': location },
    },
    spec: {
      type: 'service',
      owner: 'group:default/shop-team',
      lifecycle: 'experimental',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/shop-team' }],
  };
}

/** The backend with the production policy, conditions applied to the test entity. */
async function start(entity: Entity = search()) {
  const policy = ProductionPermissionPolicy.fromConfig(
    mockServices.rootConfig({
      data: { meshport: { platformGroups: ['group:default/platform'] } },
    }),
  );
  const applies = createConditionAuthorizer(Object.values(permissionRules));
  const decide = async (permission: Permission, credentials: any) => {
    const userEntityRef = credentials?.principal?.userEntityRef as string;
    const decision = await policy.handle(
      { permission } as any,
      {
        info: {
          userEntityRef,
          ownershipEntityRefs: OWNERSHIP[userEntityRef] ?? [],
        },
      } as any,
    );
    return decision.result === AuthorizeResult.CONDITIONAL
      ? applies(decision, entity)
      : decision.result === AuthorizeResult.ALLOW;
  };
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const { server } = await startTestBackend({
    features: [
      serviceMeshPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...upstreamConfig(),
          serviceMeshScaffolder: {
            localPublish: { enabled: true, directory: root },
          },
          app: { baseUrl: 'http://localhost:3000' },
          integrations: { github: [{ host: 'github.com', token: TOKEN }] },
        },
      }),
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.mock({
        authorize: async (requests, options) =>
          Promise.all(
            requests.map(async r => ({
              result: (await decide(r.permission, options?.credentials))
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            })),
          ) as any,
      }).factory,
      auditor.factory,
    ],
  });
  const as = (user: string) => mockCredentials.user.header(user);
  return {
    auditor,
    event,
    post: (path: string, body: object, user = ALICE) =>
      request(server)
        .post(`${SEARCH}${path}`)
        .set('Authorization', as(user))
        .send(body),
    get: (path: string, user = ALICE) =>
      request(server).get(`${SEARCH}${path}`).set('Authorization', as(user)),
  };
}

const gitLog = (format: string) =>
  execFileSync('git', ['log', `--format=${format}`], {
    cwd: repo.dir,
    encoding: 'utf8',
  });

describe('GitOps routes', () => {
  it('previews and proposes a rollback for an owner: the diff, one commit, audited with the revisions', async () => {
    const backend = await start();
    upstreams.server.use(prometheus(HEALTHY));
    const step = await backend.post('/canary', {
      environment: 'prod',
      step: 'set-weights',
      canaryWeight: 50,
      reason: 'v2 is healthy',
    });
    expect(step.status).toBe(200);
    const body = {
      environment: 'prod',
      revision: repo.commit,
      mode: 'preview',
    };
    const preview = await backend.post('/rollback', body);
    expect(preview.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/rollback',
      'post',
      200,
      preview.body,
    );
    expect(preview.body.mode).toBe('preview');
    expect(preview.body.preview.files).toEqual([
      { path: 'deploy/base/virtualservice.yaml', change: 'modified' },
      { path: 'deploy/overlays/prod/httproute.yaml', change: 'modified' },
    ]);
    expect(preview.body.preview.diff).toContain(
      '-          weight: 50\n+          weight: 90\n',
    );
    const head = await repo.head();
    expect(head).toBe(step.body.change.commit);

    const proposed = await backend.post('/rollback', {
      ...body,
      mode: 'propose',
      reason: 'v2 broke checkout',
    });
    expect(proposed.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/rollback',
      'post',
      200,
      proposed.body,
    );
    expect(proposed.body.change).toEqual({
      commit: await repo.head(),
      branch: 'main',
      files: [{ path: 'deploy/argocd/prod.yaml', change: 'modified' }],
    });
    expect(gitLog('%an <%ae>|%B').split('\n')[0]).toBe(
      `alice <alice@users.meshport.invalid>|Roll back prod to ${repo.commit.slice(0, 12)} (from main at ${head.slice(0, 12)})`,
    );
    expect(gitLog('%B')).toContain(
      `v2 broke checkout\n\nRequested-by: ${ALICE}`,
    );
    expect(backend.auditor.createEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({
        eventId: 'gitops-rollback',
        severityLevel: 'medium',
        meta: {
          entityRef: 'component:default/search',
          mode: 'propose',
          environment: 'prod',
          toRevision: repo.commit,
        },
      }),
    );
    expect(backend.event.success).toHaveBeenLastCalledWith({
      meta: {
        fromRevision: head,
        toRevision: repo.commit,
        commit: await repo.head(),
      },
    });
  });

  it('refuses a non-owner with 403 before any Git work, and audits the attempt', async () => {
    const backend = await start();
    upstreams.server.use(prometheus(HEALTHY));
    const rollback = await backend.post(
      '/rollback',
      {
        environment: 'prod',
        revision: repo.commit,
        mode: 'propose',
        reason: 'x',
      },
      MALLORY,
    );
    expect(rollback.status).toBe(403);
    expect(rollback.body.error.message).toBe(
      'Not allowed: service-mesh.gitops.rollback on component:default/search',
    );
    const canary = await backend.post(
      '/canary',
      { environment: 'prod', step: 'promote', reason: 'x' },
      MALLORY,
    );
    expect(canary.status).toBe(403);
    const analysis = await backend.get(
      '/canary/analysis?environment=prod',
      MALLORY,
    );
    expect(analysis.status).toBe(403);
    expect(upstreams.requests).toEqual([]);
    expect(await repo.head()).toBe(repo.commit);
    expect(backend.event.fail).toHaveBeenCalledTimes(2);
    expect(backend.event.success).not.toHaveBeenCalled();
  });

  it('analyses the canary and refuses a step after a failing analysis unless overridden, recording the decision', async () => {
    const backend = await start();
    upstreams.server.use(prometheus(HEALTHY));
    const pass = await backend.get('/canary/analysis?environment=prod');
    expect(pass.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/canary/analysis',
      'get',
      200,
      pass.body,
    );
    expect(pass.body).toMatchObject({
      environment: 'prod',
      canary: {
        service: 'search',
        stable: 'v1',
        canary: 'v2',
        stableWeight: 90,
        canaryWeight: 10,
      },
      analysis: {
        verdict: 'pass',
        stable: {
          version: 'v1',
          requests: 5400,
          errorRatio: 0.01 / 9,
          latencyP99Ms: 100,
        },
        canary: {
          version: 'v2',
          requests: 600,
          errorRatio: 0.002,
          latencyP99Ms: 110,
        },
      },
    });
    upstreams.server.use(prometheus(FAILING));
    const step = {
      environment: 'prod',
      step: 'set-weights',
      canaryWeight: 50,
      reason: 'go',
    };
    const refused = await backend.post('/canary', step);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /^analysis: the canary analysis failed \(error ratio: canary 10% > stable 0\.11% \+ 1%/,
    );
    expect(await repo.head()).toBe(repo.commit);
    const overridden = await backend.post('/canary', {
      ...step,
      override: true,
    });
    expect(overridden.status).toBe(200);
    expectMatchesOpenApi(
      '/entities/{kind}/{namespace}/{name}/canary',
      'post',
      200,
      overridden.body,
    );
    expect(overridden.body).toMatchObject({
      environment: 'prod',
      step: { step: 'set-weights', canaryWeight: 50 },
      analysis: { verdict: 'fail' },
      overridden: true,
      change: { commit: await repo.head(), branch: 'main' },
    });
    expect(gitLog('%B')).toMatch(
      /Requested-by: user:default\/alice\nCanary-Analysis: fail, overridden: error ratio/,
    );
    expect(backend.event.fail).toHaveBeenCalledTimes(1);
    expect(backend.event.success).toHaveBeenCalledWith({
      meta: {
        fromWeight: 10,
        commit: await repo.head(),
        analysis: 'fail',
        overridden: true,
      },
    });
  });

  it('refuses bad input naming the field', async () => {
    const backend = await start();
    const weight = await backend.post('/canary', {
      environment: 'prod',
      step: 'set-weights',
      canaryWeight: 101,
      reason: 'line one\nRequested-by: user:default/ceo',
    });
    expect(weight.status).toBe(400);
    expect(weight.body.error.message).toBe(
      'Invalid body: canaryWeight: from 0 to 100; reason: must be one line without control or bidirectional-override characters',
    );
    const revision = await backend.post('/rollback', {
      environment: 'Prod',
      revision: 'main..evil',
      mode: 'propose',
    });
    expect(revision.body.error.message).toBe(
      'Invalid body: environment: not an environment name of the repository (a DNS-1123 label); revision: must be a commit id or a branch name; reason: required to propose the change',
    );
    const missing = await backend.post('/rollback', {
      environment: 'prod',
      revision: 'main',
      mode: 'propose',
    });
    expect(missing.body.error.message).toBe(
      'Invalid body: reason: required to propose the change',
    );
    expect(backend.auditor.createEvent).not.toHaveBeenCalled();
    expect(await repo.head()).toBe(repo.commit);
  });

  it('refuses a drifted repository naming the file, and commits nothing', async () => {
    const backend = await start();
    await writeFile(
      join(repo.dir, 'deploy/base/destinationrule.yaml'),
      'kind: [\n',
    );
    const res = await backend.post('/canary', {
      environment: 'prod',
      step: 'abort',
      reason: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^deploy\/base\/destinationrule\.yaml: has uncommitted changes/,
    );
    expect(await repo.head()).toBe(repo.commit);
    expect(backend.event.fail).toHaveBeenCalledTimes(1);
  });

  it('changes only repositories it owns: a file elsewhere is 403, a URL on a host without GitHub integration 400', async () => {
    const elsewhere = await start(
      search(`file:${repo.dir}/../../search/catalog-info.yaml`),
    );
    const res = await elsewhere.get('/canary/analysis?environment=prod');
    expect(res.status).toBe(403);
    const gitlab = await start(
      search(
        'url:https://gitlab.example.com/acme/search/blob/main/catalog-info.yaml',
      ),
    );
    const remote = await gitlab.post('/canary', {
      environment: 'prod',
      step: 'abort',
      reason: 'x',
    });
    expect(remote.status).toBe(400);
    expect(remote.body.error.message).toBe(
      'backstage.io/managed-by-location: component:default/search is in https://gitlab.example.com/acme/search/blob/main/catalog-info.yaml, on gitlab.example.com, which has no GitHub integration (integrations.github): Meshport proposes changes only to GitHub repositories and its local ones',
    );
  });

  describe('on a GitHub repository (github.com faked: git http-backend and the REST API)', () => {
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
});
