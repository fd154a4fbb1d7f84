import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogLocationCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import git from 'isomorphic-git';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { LocalRepositoryEntityProvider } from '../localRepo/LocalRepositoryEntityProvider';
import { createPublishLocalAction } from './publishLocal';
import { publishLocalExamples } from './publishLocal.examples';
import { createRegisterLocalAction } from './registerLocal';
import { registerLocalExamples } from './registerLocal.examples';

const root = createMockDirectory();
const allowAll = () => mockServices.permissions();
const denyAll = () =>
  mockServices.permissions.mock({
    authorize: jest.fn().mockResolvedValue([{ result: AuthorizeResult.DENY }]),
  });
// Template inputs arrive unparsed (defaults not applied), as the scaffolder passes them.
const publishAction = (
  s: LocalRepoStore,
  permissions: ReturnType<typeof allowAll> = allowAll(),
) => {
  const action = createPublishLocalAction({ store: s, permissions });
  return {
    handler: (ctx: ReturnType<typeof createMockActionContext>) =>
      action.handler(ctx as unknown as Parameters<typeof action.handler>[0]),
  };
};
const repos = () => join(root.path, 'repos');
const store = () =>
  new LocalRepoStore({ directory: repos(), defaultBranch: 'main' });

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

describe('meshport:local-repo:publish', () => {
  beforeEach(() => {
    root.clear();
    root.addContent({
      workspace: {
        'catalog-info.yaml': 'kind: Component\n',
        deploy: { 'a.yaml': 'a: 1\n' },
      },
    });
  });

  it('runs its example: one commit with every file, readable with git clone', async () => {
    const input = parse(publishLocalExamples[0].example).steps[0].input;
    const ctx = createMockActionContext({
      input,
      workspacePath: join(root.path, 'workspace'),
      user: user as any,
    });
    await publishAction(store()).handler(ctx);

    const dir = join(repos(), 'checkout');
    const commits = await git.log({ fs, dir });
    expect(commits).toHaveLength(1);
    expect(commits[0].commit.message).toBe(
      'Create checkout from the meshed-service template\n',
    );
    expect(commits[0].commit.author).toEqual(
      expect.objectContaining({
        name: 'Ada Lovelace',
        email: 'ada@example.com',
      }),
    );
    expect(ctx.output).toHaveBeenCalledWith('commitHash', commits[0].oid);
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${dir}`);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      join(dir, 'catalog-info.yaml'),
    );

    const clone = join(root.path, 'clone');
    execFileSync('git', ['clone', '-q', `file://${dir}`, clone]);
    expect(fs.readFileSync(join(clone, 'deploy/a.yaml'), 'utf8')).toBe(
      'a: 1\n',
    );
    expect(
      execFileSync('git', ['-C', clone, 'ls-files'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean),
    ).toEqual(['catalog-info.yaml', 'deploy/a.yaml']);
  });

  it('publishes nothing in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { repoName: 'checkout' },
        workspacePath: join(root.path, 'workspace'),
      }),
      isDryRun: true,
    };
    await publishAction(store()).handler(ctx);
    expect(fs.existsSync(repos())).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith('commitHash', '');
  });

  it('refuses an existing repository, a name that leaves the directory, and a missing configuration', async () => {
    const action = publishAction(store());
    const ctx = (repoName: string) =>
      createMockActionContext({
        input: { repoName },
        workspacePath: join(root.path, 'workspace'),
      });
    await action.handler(ctx('checkout'));
    await expect(action.handler(ctx('checkout'))).rejects.toThrow(
      'localRepository: a repository named "checkout" already exists; choose another name',
    );
    await expect(action.handler(ctx('../escape'))).rejects.toThrow(
      'localRepository: "../escape" must be a DNS-1123 label',
    );
    expect(fs.existsSync(join(root.path, 'escape'))).toBe(false);
    await expect(
      publishAction(new LocalRepoStore(undefined)).handler(ctx('other')),
    ).rejects.toThrow(
      'Local publishing is not configured: set serviceMeshScaffolder.localPublish.directory, or publish with publish:github',
    );
  });

  it('refuses an initiator who may not create catalog locations, before writing anything', async () => {
    const permissions = denyAll();
    const ctx = createMockActionContext({
      input: { repoName: 'checkout' },
      workspacePath: join(root.path, 'workspace'),
    });
    await expect(
      publishAction(store(), permissions).handler(ctx),
    ).rejects.toThrow(
      'Local publishing registers the new repository in the catalog, which needs the catalog.location.create permission; the user who started this task does not have it',
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: catalogLocationCreatePermission }],
      { credentials: await ctx.getInitiatorCredentials() },
    );
    expect(fs.existsSync(repos())).toBe(false);
  });

  it('lets exactly one of two racing publishes of one name win, with its own files only', async () => {
    root.addContent({
      other: { 'catalog-info.yaml': 'kind: Other\n', 'b.yaml': 'b: 2\n' },
    });
    // Two stores, as in two backend replicas sharing the directory.
    const run = (workspace: string) =>
      publishAction(store()).handler(
        createMockActionContext({
          input: { repoName: 'race' },
          workspacePath: join(root.path, workspace),
        }),
      );
    const results = await Promise.allSettled([run('workspace'), run('other')]);
    expect(results.map(r => r.status).sort()).toEqual([
      'fulfilled',
      'rejected',
    ]);
    const loser = results.find(r => r.status === 'rejected');
    expect((loser as PromiseRejectedResult).reason.message).toBe(
      'localRepository: a repository named "race" already exists; choose another name',
    );
    const dir = join(repos(), 'race');
    expect(await git.log({ fs, dir })).toHaveLength(1);
    expect(
      execFileSync('git', ['-C', dir, 'status', '--porcelain'], {
        encoding: 'utf8',
      }),
    ).toBe('');
    expect(
      execFileSync('git', ['-C', dir, 'ls-files'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean),
    ).toEqual(
      results[0].status === 'fulfilled'
        ? ['catalog-info.yaml', 'deploy/a.yaml']
        : ['b.yaml', 'catalog-info.yaml'],
    );
  });

  it('leaves a directory it did not create alone', async () => {
    root.addContent({ repos: { taken: { 'keep.txt': 'mine' } } });
    await expect(
      publishAction(store()).handler(
        createMockActionContext({
          input: { repoName: 'taken' },
          workspacePath: join(root.path, 'workspace'),
        }),
      ),
    ).rejects.toThrow('a repository named "taken" already exists');
    expect(fs.readdirSync(join(repos(), 'taken'))).toEqual(['keep.txt']);
  });

  it('refuses a workspace holding a symbolic link, naming it, and writes nothing', async () => {
    fs.symlinkSync(
      join(root.path, 'outside.txt'),
      join(root.path, 'workspace', 'deploy', 'link'),
    );
    await expect(
      publishAction(store()).handler(
        createMockActionContext({
          input: { repoName: 'checkout' },
          workspacePath: join(root.path, 'workspace'),
        }),
      ),
    ).rejects.toThrow(
      'sourcePath: "deploy/link" is a symbolic link; local publishing copies only regular files and directories',
    );
    expect(fs.existsSync(join(repos(), 'checkout'))).toBe(false);
  });
});

describe('meshport:catalog:register-local', () => {
  const component = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team',
    },
  };
  const target = () => join(repos(), 'checkout/catalog-info.yaml');
  const registerAction = (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    permissions: ReturnType<typeof allowAll> = allowAll(),
  ) =>
    createRegisterLocalAction({
      store: store(),
      catalog,
      permissions,
      timeoutMs: 2000,
      pollMs: 10,
    });

  beforeEach(() => {
    root.clear();
    root.addContent({
      repos: {
        checkout: {
          'catalog-info.yaml':
            'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout\nspec: {}\n',
        },
      },
    });
  });

  it('runs its example: waits until the catalog serves the entity, with the initiator credentials', async () => {
    const getEntityByRef = jest
      .fn()
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue(component);
    const catalog = catalogServiceMock.mock({ getEntityByRef });
    expect(
      parse(registerLocalExamples[0].example).steps[0].input.catalogInfoPath,
    ).toBe('${{ steps.publish.output.catalogInfoPath }}');
    const ctx = createMockActionContext({
      input: { catalogInfoPath: target() },
    });
    await registerAction(catalog).handler(ctx);
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
    expect(getEntityByRef).toHaveBeenCalledWith('component:default/checkout', {
      credentials: await ctx.getInitiatorCredentials(),
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/checkout',
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('gives up waiting after the timeout but still reports the entity', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn().mockResolvedValue(undefined),
    });
    const ctx = createMockActionContext({
      input: { catalogInfoPath: target() },
    });
    await registerAction(catalog).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/checkout',
    );
  });

  it('refuses a file outside the local publishing directory, and a missing file', async () => {
    const catalog = catalogServiceMock.mock();
    const run = (catalogInfoPath: string) =>
      registerAction(catalog).handler(
        createMockActionContext({ input: { catalogInfoPath } }),
      );
    await expect(run('/etc/passwd')).rejects.toThrow(
      'catalogInfoPath: "/etc/passwd" is outside the local publishing directory',
    );
    await expect(run(join(repos(), '../x/catalog-info.yaml'))).rejects.toThrow(
      /outside/,
    );
    await expect(run(join(repos(), 'other/catalog-info.yaml'))).rejects.toThrow(
      /does not exist/,
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('refuses an initiator who may not create catalog locations', async () => {
    const catalog = catalogServiceMock.mock();
    const permissions = denyAll();
    const ctx = createMockActionContext({
      input: { catalogInfoPath: target() },
    });
    await expect(
      registerAction(catalog, permissions).handler(ctx),
    ).rejects.toThrow(
      'Local publishing registers the new repository in the catalog, which needs the catalog.location.create permission; the user who started this task does not have it',
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: catalogLocationCreatePermission }],
      { credentials: await ctx.getInitiatorCredentials() },
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
    expect(ctx.output).not.toHaveBeenCalledWith(
      'entityRef',
      'component:default/checkout',
    );
  });
});

describe('LocalRepositoryEntityProvider', () => {
  beforeEach(() => root.clear());

  it('offers one file Location per local repository with a catalog-info.yaml, and only on change', async () => {
    root.addContent({
      repos: {
        a: { 'catalog-info.yaml': 'x' },
        b: { 'README.md': 'no catalog file' },
      },
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    const provider = new LocalRepositoryEntityProvider(
      repos(),
      mockServices.logger.mock(),
    );
    await provider.connect(connection);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const [mutation] = connection.applyMutation.mock.calls[0];
    expect(mutation.type).toBe('full');
    expect(
      mutation.entities.map((e: any) => [
        e.locationKey,
        e.entity.kind,
        e.entity.spec,
      ]),
    ).toEqual([
      [
        `file:${join(repos(), 'a/catalog-info.yaml')}`,
        'Location',
        { type: 'file', target: join(repos(), 'a/catalog-info.yaml') },
      ],
    ]);
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    root.addContent({ repos: { c: { 'catalog-info.yaml': 'y' } } });
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    expect(connection.applyMutation.mock.calls[1][0].entities).toHaveLength(2);
  });

  it('follows no symbolic link: neither a linked catalog-info.yaml nor a linked repository', async () => {
    root.addContent({
      outside: { 'catalog-info.yaml': 'kind: Component\n' },
      repos: { real: { 'catalog-info.yaml': 'x' }, linked: {} },
    });
    fs.symlinkSync(
      join(root.path, 'outside', 'catalog-info.yaml'),
      join(repos(), 'linked', 'catalog-info.yaml'),
    );
    fs.symlinkSync(join(root.path, 'outside'), join(repos(), 'dir-link'));
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await new LocalRepositoryEntityProvider(
      repos(),
      mockServices.logger.mock(),
    ).connect(connection);
    expect(
      connection.applyMutation.mock.calls[0][0].entities.map(
        (e: any) => e.entity.spec.target,
      ),
    ).toEqual([join(repos(), 'real/catalog-info.yaml')]);
  });
});
