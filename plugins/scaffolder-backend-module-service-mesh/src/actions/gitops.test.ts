/*
 * The GitOps actions on a real local repository (the gateway-api-canary golden published as
 * `search`): their examples run, their commits, dry runs, field errors and the initiator's permission
 * on the repository's entity. The operations themselves are tested in src/gitops.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { parse } from 'yaml';
import { generatedTree, repoFrom } from '../testUtils/gitRepos';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { GitHubProposals } from '../gitops/github';
import { CANARY_ACTION_IDS, createCanaryActions } from './canary';
import { canaryExamples } from './canary.examples';
import { createRollbackAction } from './gitopsRollback';
import { rollbackExamples } from './gitopsRollback.examples';

jest.setTimeout(30_000);

const user = {
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada' },
    spec: {
      profile: { displayName: 'Ada Lovelace', email: 'ada@example.com' },
    },
  },
  ref: 'user:default/ada',
};

type Action = { handler: (ctx: any) => Promise<void> };
type ActionInput = NonNullable<
  Parameters<typeof createMockActionContext>[0]
>['input'];

describe('GitOps actions', () => {
  let root: string;
  let repo: Awaited<ReturnType<typeof repoFrom>>;
  let permissions: ReturnType<typeof mockServices.permissions.mock>;
  let actions: Record<string, Action>;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshport-actions-'));
    repo = await repoFrom(
      generatedTree('gateway-api-canary'),
      join(root, 'search'),
    );
    permissions = mockServices.permissions.mock({
      authorize: jest
        .fn()
        .mockResolvedValue([{ result: AuthorizeResult.ALLOW }]),
    });
    const options = {
      store: new LocalRepoStore({ directory: root, defaultBranch: 'main' }),
      permissions,
      gitops: { github: GitHubProposals.fromConfig(mockServices.rootConfig()) },
    };
    actions = Object.fromEntries(
      [createRollbackAction(options), ...createCanaryActions(options)].map(
        a => [a.id, a as unknown as Action],
      ),
    );
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const exampleInput = (example: string) => parse(example).steps[0].input;
  const context = (input: Record<string, unknown>, isDryRun = false) => ({
    ...createMockActionContext({
      input: input as ActionInput,
      user: user as any,
    }),
    isDryRun,
  });
  const lastCommit = async () =>
    (await git.log({ fs, dir: repo.dir, depth: 1 }))[0];

  it('registers the four actions', () => {
    expect(Object.keys(actions).sort()).toEqual([
      'meshport:canary:abort',
      'meshport:canary:promote',
      'meshport:canary:set-weights',
      'meshport:gitops:rollback',
    ]);
  });

  it('runs the set-weights example: one commit by the initiator, who is named in it', async () => {
    const ctx = context(exampleInput(canaryExamples['set-weights'][0].example));
    await actions[CANARY_ACTION_IDS['set-weights']].handler(ctx);
    const commit = await lastCommit();
    expect(commit.commit.message).toBe(
      'Canary v2: 50 % (v1: 50 %)\n\nError ratio and latency of v2 are within the SLO at 10 %\n\nRequested-by: user:default/ada\n',
    );
    expect(commit.commit.author).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    expect(ctx.output).toHaveBeenCalledWith('commitHash', commit.oid);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/search',
    );
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'deploy/base/virtualservice.yaml',
      'deploy/overlays/dev/httproute.yaml',
      'deploy/overlays/prod/httproute.yaml',
    ]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'service-mesh.gitops.canary',
          }),
          resourceRef: 'component:default/search',
        },
      ],
      expect.anything(),
    );
  });

  it.each(['promote', 'abort'] as const)('runs the %s example', async step => {
    const ctx = context(exampleInput(canaryExamples[step][0].example));
    await actions[CANARY_ACTION_IDS[step]].handler(ctx);
    expect((await lastCommit()).commit.message).toMatch(
      step === 'promote'
        ? /^Promote canary v2; remove v1\n/
        : /^Abort canary v2; keep v1\n/,
    );
  });

  it('runs the rollback example: a dry run previews, the run commits', async () => {
    await actions[CANARY_ACTION_IDS['set-weights']].handler(
      context(exampleInput(canaryExamples['set-weights'][0].example)),
    );
    const input = exampleInput(
      rollbackExamples[0].example
        .replace('${{ parameters.revision }}', repo.commit)
        .replace('${{ parameters.reason }}', 'v2 at 50 % fails checkout'),
    );
    const head = await repo.head();
    const dry = context(input, true);
    await actions['meshport:gitops:rollback'].handler(dry);
    expect(await repo.head()).toBe(head);
    expect(dry.output).toHaveBeenCalledWith('commitHash', '');
    expect(dry.output).toHaveBeenCalledWith('files', [
      'deploy/base/virtualservice.yaml',
      'deploy/overlays/prod/httproute.yaml',
    ]);
    expect(dry.output).toHaveBeenCalledWith(
      'diff',
      expect.stringContaining('-          weight: 50\n+          weight: 90\n'),
    );

    const ctx = context(input);
    await actions['meshport:gitops:rollback'].handler(ctx);
    const commit = await lastCommit();
    expect(commit.commit.message).toBe(
      `Roll back prod to ${repo.commit.slice(0, 12)} (from main at ${head.slice(0, 12)})\n\nv2 at 50 % fails checkout\n\nRequested-by: user:default/ada\n`,
    );
    expect(ctx.output).toHaveBeenCalledWith('toRevision', repo.commit);
    expect(ctx.output).toHaveBeenCalledWith('fromRevision', 'main');
  });

  it('names the field of a bad value', async () => {
    const base = { localRepository: 'search', reason: 'why' };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        CANARY_ACTION_IDS['set-weights'],
        { ...base, canaryWeight: 150 },
        'Invalid input: canaryWeight: must be between 0 and 100',
      ],
      [
        CANARY_ACTION_IDS['set-weights'],
        { ...base, canaryWeight: 12.5 },
        'Invalid input: canaryWeight: must be a whole number',
      ],
      [
        CANARY_ACTION_IDS.promote,
        { ...base, reason: '  ' },
        'Invalid input: reason: must not be empty',
      ],
      [
        CANARY_ACTION_IDS.abort,
        { ...base, canaryWeight: 5 },
        'Invalid input: input: unknown field(s) "canaryWeight"',
      ],
      [
        CANARY_ACTION_IDS.promote,
        { ...base, localRepository: '../search' },
        'Invalid input: localRepository: must be a DNS-1123 label',
      ],
      [
        CANARY_ACTION_IDS.promote,
        { ...base, localRepository: 'orders' },
        'localRepository: there is no repository named "orders"',
      ],
      [
        CANARY_ACTION_IDS.promote,
        { ...base, repoUrl: 'github.com?owner=acme&repo=search' },
        'Invalid input: localRepository, repoUrl: give exactly one of them',
      ],
      [
        CANARY_ACTION_IDS.promote,
        { reason: 'why' },
        'Invalid input: localRepository, repoUrl: give exactly one of them',
      ],
      [
        CANARY_ACTION_IDS.promote,
        { reason: 'why', repoUrl: 'github.com/acme/search' },
        'repoUrl: "github.com/acme/search" is not host?owner=…&repo=… with a GitHub owner and repository name',
      ],
      [
        CANARY_ACTION_IDS.promote,
        { reason: 'why', repoUrl: 'git.example.com?owner=acme&repo=search' },
        'repoUrl: there is no GitHub integration for git.example.com (integrations.github in the app config)',
      ],
      [
        'meshport:gitops:rollback',
        { ...base, environment: 'prod', revision: 'a..b' },
        'Invalid input: revision: must be a commit id or a branch name',
      ],
      [
        CANARY_ACTION_IDS['set-weights'],
        {
          ...base,
          canaryWeight: 50,
          analysis: { verdict: 'fail', summary: 'v2 p99 900 ms > 500 ms' },
        },
        'analysis: the canary analysis failed (v2 p99 900 ms > 500 ms); set override to proceed anyway',
      ],
    ];
    for (const [id, input, message] of cases) {
      await expect(actions[id].handler(context(input))).rejects.toThrow(
        message,
      );
    }
    expect(await repo.head()).toBe(repo.commit);
  });

  it('refuses an initiator without the permission on the entity, committing nothing', async () => {
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    await expect(
      actions[CANARY_ACTION_IDS.promote].handler(
        context(exampleInput(canaryExamples.promote[0].example)),
      ),
    ).rejects.toThrow(
      'service-mesh.gitops.canary on component:default/search is needed; the user who started this task does not have it',
    );
    expect(await repo.head()).toBe(repo.commit);
  });
});
