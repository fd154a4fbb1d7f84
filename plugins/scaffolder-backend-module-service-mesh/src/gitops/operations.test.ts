/*
 * GitOps operations on real Git repositories holding a generated service (the gateway-api-canary
 * golden: dev and prod, a v1/v2 canary at 90/10 in the mesh and at each gateway). Each result is
 * compared byte for byte with an expected tree in __fixtures__/gitops (rendered by the real kustomize
 * in generator/rendered.test.ts). After an intended change, regenerate and review the diff:
 *   UPDATE_GOLDEN=1 CI=true npx backstage-cli package test src/gitops/operations.test.ts
 * The refusals are in operations.refusals.test.ts.
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import {
  generatedTree,
  gitopsFixture,
  readTree,
  repoFrom,
  TEST_REQUEST as request,
  writeTree,
} from '../testUtils/gitRepos';
import {
  canaryStep,
  previewRollback,
  describeRepository,
  rollback,
} from './operations';
import { checkRepository } from './repository';
import { parseYaml, YAML_OUTPUT } from '../generator/render';

// Several Git operations per test on a machine shared with other test runs.
jest.setTimeout(30_000);

function expectTree(dir: string, name: string) {
  const actual = readTree(dir);
  if (process.env.UPDATE_GOLDEN) writeTree(gitopsFixture(name), actual);
  const expected = readTree(gitopsFixture(name));
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const path of Object.keys(expected)) {
    expect({ path, content: actual[path] }).toEqual({
      path,
      content: expected[path],
    });
  }
}

function expectFile(actual: string, name: string) {
  const path = gitopsFixture(name);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(path, actual);
  expect(actual).toBe(fs.readFileSync(path, 'utf8'));
}

async function messageOf(dir: string, oid: string) {
  return (await git.readCommit({ fs, dir, oid })).commit.message;
}

describe('GitOps operations', () => {
  let repo: Awaited<ReturnType<typeof repoFrom>>;
  beforeEach(async () => {
    repo = await repoFrom(generatedTree('gateway-api-canary'));
  });
  afterEach(() => repo.cleanup());

  it('reads every golden repository back unchanged: the check accepts it, the YAML round trip keeps every byte', async () => {
    for (const name of fs.readdirSync(generatedTree('.'))) {
      const tree = readTree(generatedTree(name));
      await expect(
        checkRepository(new Map(Object.entries(tree))),
      ).resolves.toMatchObject({ environments: expect.any(Array) });
      for (const [path, text] of Object.entries(tree)) {
        const doc = parseYaml(text);
        expect({ path, text: doc.toString(YAML_OUTPUT) }).toEqual({
          path,
          text,
        });
      }
    }
  });

  it('describes the repository: entity, branch, environments, canary', async () => {
    await expect(describeRepository(repo.dir)).resolves.toEqual({
      entityRef: 'component:default/search',
      branch: 'main',
      head: repo.commit,
      environments: ['dev', 'prod'],
      namespaces: { dev: 'search-dev', prod: 'search-prod' },
      canary: {
        service: 'search',
        stable: 'v1',
        canary: 'v2',
        stableWeight: 90,
        canaryWeight: 10,
      },
    });
  });

  it('sets the weights of the mesh route and of every gateway route, in one commit', async () => {
    const result = await canaryStep(
      repo.dir,
      { step: 'set-weights', canaryWeight: 50 },
      { ...request, trailers: { 'Canary-Analysis': 'pass' } },
    );
    expect(result.files).toEqual([
      { path: 'deploy/base/virtualservice.yaml', change: 'modified' },
      { path: 'deploy/overlays/dev/httproute.yaml', change: 'modified' },
      { path: 'deploy/overlays/prod/httproute.yaml', change: 'modified' },
    ]);
    expect(result.branch).toBe('main');
    expect(await repo.head()).toBe(result.commit);
    expect(await messageOf(repo.dir, result.commit)).toBe(
      'Canary v2: 50 % (v1: 50 %)\n\nError ratio of v2 is within the SLO\n\nCanary-Analysis: pass\n',
    );
    expectTree(repo.dir, 'set-weights-50');
    expect((await describeRepository(repo.dir)).canary).toMatchObject({
      stableWeight: 50,
      canaryWeight: 50,
    });
  });

  it('promotes the canary: v2 takes all traffic, v1 and its subset and Services are removed', async () => {
    const result = await canaryStep(repo.dir, { step: 'promote' }, request);
    expect(result.files).toEqual([
      { path: 'deploy/base/deployment-v1.yaml', change: 'deleted' },
      { path: 'deploy/base/destinationrule.yaml', change: 'modified' },
      { path: 'deploy/base/kustomization.yaml', change: 'modified' },
      { path: 'deploy/base/virtualservice.yaml', change: 'modified' },
      { path: 'deploy/overlays/dev/httproute.yaml', change: 'modified' },
      { path: 'deploy/overlays/dev/kustomization.yaml', change: 'modified' },
      { path: 'deploy/overlays/dev/service-v1.yaml', change: 'deleted' },
      { path: 'deploy/overlays/prod/httproute.yaml', change: 'modified' },
      { path: 'deploy/overlays/prod/kustomization.yaml', change: 'modified' },
      { path: 'deploy/overlays/prod/service-v1.yaml', change: 'deleted' },
    ]);
    expect(await messageOf(repo.dir, result.commit)).toMatch(
      /^Promote canary v2; remove v1\n/,
    );
    expectTree(repo.dir, 'promote');
    expect((await describeRepository(repo.dir)).canary).toBeUndefined();
    await expect(
      canaryStep(repo.dir, { step: 'set-weights', canaryWeight: 20 }, request),
    ).rejects.toThrow(
      'deploy/base/virtualservice.yaml: routes to one version: the service has no canary',
    );
  });

  it('refuses a step after a failing analysis unless overridden, records the decision, and commits nothing in a dry run', async () => {
    const failing = {
      verdict: 'fail' as const,
      summary: 'v2 error ratio 4.00 % > 1.00 %',
    };
    const step = { step: 'set-weights' as const, canaryWeight: 50 };
    await expect(
      canaryStep(repo.dir, step, { ...request, analysis: failing }),
    ).rejects.toThrow(
      'analysis: the canary analysis failed (v2 error ratio 4.00 % > 1.00 %); set override to proceed anyway',
    );
    const dry = await canaryStep(repo.dir, step, {
      ...request,
      dryRun: true,
    });
    expect(dry.commit).toBe('');
    expect(dry.files).toHaveLength(3);
    expect(await repo.head()).toBe(repo.commit);
    const done = await canaryStep(repo.dir, step, {
      ...request,
      analysis: failing,
      override: true,
      trailers: { 'Requested-by': 'user:default/jane' },
    });
    expect(await messageOf(repo.dir, done.commit)).toBe(
      'Canary v2: 50 % (v1: 50 %)\n\nError ratio of v2 is within the SLO\n\nRequested-by: user:default/jane\nCanary-Analysis: fail, overridden: v2 error ratio 4.00 % > 1.00 %\n',
    );
  });

  it('aborts the canary: v1 takes all traffic, v2 is removed', async () => {
    const result = await canaryStep(repo.dir, { step: 'abort' }, request);
    expect(result.files.filter(f => f.change === 'deleted')).toEqual([
      { path: 'deploy/base/deployment-v2.yaml', change: 'deleted' },
      { path: 'deploy/overlays/dev/service-v2.yaml', change: 'deleted' },
      { path: 'deploy/overlays/prod/service-v2.yaml', change: 'deleted' },
    ]);
    expectTree(repo.dir, 'abort');
  });

  it('rolls one environment back by pinning its Application to the revision, after a preview of the diff', async () => {
    const generated = repo.commit;
    await canaryStep(
      repo.dir,
      { step: 'set-weights', canaryWeight: 50 },
      request,
    );
    const input = { environment: 'prod', revision: generated };
    const preview = await previewRollback(repo.dir, input);
    expect(preview).toMatchObject({
      environment: 'prod',
      applicationPath: 'deploy/argocd/prod.yaml',
      from: { targetRevision: 'main', commit: await repo.head() },
      to: { targetRevision: generated, commit: generated },
      files: [
        { path: 'deploy/base/virtualservice.yaml', change: 'modified' },
        { path: 'deploy/overlays/prod/httproute.yaml', change: 'modified' },
      ],
    });
    expectFile(
      preview.diff.replaceAll(preview.from.commit.slice(0, 7), 'HEAD'),
      'rollback-prod.diff',
    );
    const current = await repo.head();
    const result = await rollback(repo.dir, input, request);
    expect(result.files).toEqual([
      { path: 'deploy/argocd/prod.yaml', change: 'modified' },
    ]);
    expect(await messageOf(repo.dir, result.commit)).toBe(
      `Roll back prod to ${generated.slice(0, 12)} (from main at ${current.slice(0, 12)})\n\nError ratio of v2 is within the SLO\n`,
    );
    expectTree(repo.dir, 'rollback-prod');
    await expect(rollback(repo.dir, input, request)).rejects.toThrow(
      `revision: prod already deploys ${generated}`,
    );
    // Rolling back to the branch follows it again.
    await rollback(
      repo.dir,
      { environment: 'prod', revision: 'main' },
      request,
    );
    expectTree(repo.dir, 'set-weights-50');
  });
});
