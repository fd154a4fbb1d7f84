/*
 * GitOps operations refusing a repository or a request on real Git repositories holding a generated
 * service (the gateway-api-canary golden): each refusal names the file or field, and the branch and
 * the working tree stay as they were. The operations that succeed are in operations.test.ts.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  commitAll,
  generatedTree,
  readTree,
  repoFrom,
  TEST_REQUEST as request,
} from '../testUtils/gitRepos';
import { canaryStep, rollback } from './operations';

// Several Git operations per test on a machine shared with other test runs.
jest.setTimeout(30_000);

describe('GitOps operations refuse, naming the file, and leave the repository as it was', () => {
  let repo: Awaited<ReturnType<typeof repoFrom>>;
  beforeEach(async () => {
    repo = await repoFrom(generatedTree('gateway-api-canary'));
  });
  afterEach(() => repo.cleanup());

  /** The operation's refusal, and whether the branch and the working tree are as before. */
  async function refusalOf(operation: () => Promise<unknown>) {
    const head = await repo.head();
    const tree = readTree(repo.dir);
    const message = await operation().then(
      () => 'no refusal',
      (e: Error) => e.message,
    );
    return {
      message,
      unchanged:
        (await repo.head()) === head &&
        isDeepStrictEqual(readTree(repo.dir), tree),
    };
  }
  const refused = (text: string) => ({
    message: expect.stringContaining(text),
    unchanged: true,
  });
  const setWeights = () =>
    canaryStep(repo.dir, { step: 'set-weights', canaryWeight: 50 }, request);
  const edit = async (path: string, from: string | RegExp, to: string) => {
    const file = join(repo.dir, path);
    const text = await readFile(file, 'utf8');
    const next = text.replace(from, to);
    expect(next).not.toBe(text);
    await writeFile(file, next);
  };

  it('uncommitted hand edits', async () => {
    await edit('deploy/base/virtualservice.yaml', 'weight: 90', 'weight: 80');
    expect(await refusalOf(setWeights)).toEqual(
      refused('deploy/base/virtualservice.yaml: has uncommitted changes'),
    );
  });

  it('a file its kustomization lists but that is missing', async () => {
    await rm(join(repo.dir, 'deploy/overlays/prod/service-v2.yaml'));
    await commitAll(repo.dir, 'hand edit');
    expect(await refusalOf(setWeights)).toEqual(
      refused(
        'deploy/overlays/prod/kustomization.yaml: lists service-v2.yaml, which does not exist',
      ),
    );
  });

  it('a file no kustomization lists', async () => {
    await writeFile(
      join(repo.dir, 'deploy/base/configmap.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    );
    await commitAll(repo.dir, 'hand edit');
    expect(await refusalOf(setWeights)).toEqual(
      refused(
        'deploy/base/configmap.yaml: is not listed in deploy/base/kustomization.yaml',
      ),
    );
  });

  it('a gateway route hand-edited to a third backend', async () => {
    await edit(
      'deploy/overlays/dev/httproute.yaml',
      'name: search-v2',
      'name: search-legacy',
    );
    await commitAll(repo.dir, 'hand edit');
    expect(await refusalOf(setWeights)).toEqual(
      refused(
        'deploy/overlays/dev/httproute.yaml: spec.rules.0.backendRefs must send to v1 and v2 once each, sends to v1, another backend',
      ),
    );
  });

  it('an object that fails its schema', async () => {
    await edit(
      'deploy/base/virtualservice.yaml',
      'weight: 10',
      "weight: 'ten'",
    );
    await commitAll(repo.dir, 'hand edit');
    expect(await refusalOf(setWeights)).toEqual(
      refused('deploy/base/virtualservice.yaml: is invalid:'),
    );
  });

  it('a repository the analyzer finds an error in', async () => {
    await edit(
      'deploy/base/destinationrule.yaml',
      / {4}- name: v2\n {6}labels:\n {8}version: v2\n/,
      '',
    );
    await commitAll(repo.dir, 'hand edit');
    expect(await refusalOf(setWeights)).toEqual(
      refused('deploy/base/virtualservice.yaml: VirtualService/search:'),
    );
  });

  it('an Application that deploys another directory', async () => {
    await edit(
      'deploy/argocd/dev.yaml',
      'path: deploy/overlays/dev',
      'path: deploy/overlays/prod',
    );
    await commitAll(repo.dir, 'hand edit');
    expect(await refusalOf(setWeights)).toEqual(
      refused(
        'deploy/argocd/dev.yaml: spec.source.path must be deploy/overlays/dev, is "deploy/overlays/prod"',
      ),
    );
  });

  it('a weight out of range, an unchanged weight, an empty reason', async () => {
    expect(
      await refusalOf(() =>
        canaryStep(
          repo.dir,
          { step: 'set-weights', canaryWeight: 101 },
          request,
        ),
      ),
    ).toEqual(
      refused('canaryWeight: must be a whole number from 0 to 100, got 101'),
    );
    expect(
      await refusalOf(() =>
        canaryStep(
          repo.dir,
          { step: 'set-weights', canaryWeight: 10 },
          request,
        ),
      ),
    ).toEqual(refused('canaryWeight: v2 already gets 10 %'));
    expect(
      await refusalOf(() =>
        canaryStep(
          repo.dir,
          { step: 'set-weights', canaryWeight: 30 },
          { ...request, reason: '  ' },
        ),
      ),
    ).toEqual(refused('reason: must not be empty'));
  });

  it('an unknown environment or revision, and a revision without changes', async () => {
    expect(
      await refusalOf(() =>
        rollback(repo.dir, { environment: 'qa', revision: 'main' }, request),
      ),
    ).toEqual(
      refused(
        'environment: "qa" is not deployed by this repository (it has dev, prod)',
      ),
    );
    expect(
      await refusalOf(() =>
        rollback(
          repo.dir,
          { environment: 'prod', revision: 'deadbeef' },
          request,
        ),
      ),
    ).toEqual(
      refused('revision: "deadbeef" is not a commit of the repository'),
    );
    const generated = repo.commit;
    await edit(
      'catalog-info.yaml',
      'lifecycle: experimental',
      'lifecycle: production',
    );
    await commitAll(repo.dir, 'catalog only');
    expect(
      await refusalOf(() =>
        rollback(
          repo.dir,
          { environment: 'prod', revision: generated },
          request,
        ),
      ),
    ).toEqual(refused(`revision: no deploy file of prod differs between`));
  });
});
