/*
 * The GitOps routes through the real backend plugin, under the production permission policy, on a real
 * local Git repository holding a generated service (the scaffolder module's gateway-api-canary golden:
 * dev and prod, canary v2 at 10 %), with Prometheus answering per-version signals.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ALICE,
  FAILING,
  HEALTHY,
  MALLORY,
  prometheus,
  search as searchAt,
  start as startAt,
  TestRepository,
  useSearchRepository,
} from '../../__testUtils__/gitopsBackend';
import { expectMatchesOpenApi } from '../../__testUtils__/openapi';
import { useUpstreams } from '../../__testUtils__/upstreams';

// Git work, schema loading and a backend start per test on a shared 2-core machine.
jest.setTimeout(60_000);

const upstreams = useUpstreams();

const repos = useSearchRepository();
let root: string;
let repo: TestRepository;
beforeEach(() => ({ root, repo } = repos));

const search = (location = `file:${root}/search/catalog-info.yaml`) =>
  searchAt(location);
const start = (entity = search()) => startAt(entity, root);

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
});
