/*
 * The actions and the meshed-service template run through the real scaffolder backend: a task is
 * created through POST /api/scaffolder/v2/tasks with templates/meshed-service/template.yaml, and the
 * result is a real Git repository on disk. The catalog is an in-memory stand-in that serves the
 * template and reads the Locations offered by the real LocalRepositoryEntityProvider from disk, as
 * the catalog's file reader would (the real catalog's processing loop does not complete under Jest
 * here); the browser test shows the component page served by the real catalog. The GitHub path runs
 * the real publish:github and publish:github:pull-request actions against github.com faked at the
 * HTTP layer with msw, the pushed repository being a real one behind `git http-backend`.
 */
import {
  mockCredentials,
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import {
  meshedServiceTemplate,
  serviceValues,
  skeletonContents,
  templatePath,
} from './testUtils';
import { gitHttpBackend } from './testUtils/gitHttpBackend';
import { LocalRepositoryEntityProvider } from './localRepo/LocalRepositoryEntityProvider';
import { scaffolderModuleServiceMesh } from './module';

jest.setTimeout(120_000);

const dir = createMockDirectory();
const auth = mockCredentials.user.header('user:default/guest');

const templateEntity: Entity = {
  ...meshedServiceTemplate(),
};
templateEntity.metadata.namespace = 'default';
templateEntity.metadata.annotations = {
  'backstage.io/managed-by-location': `file:${templatePath}`,
};

// The catalog stand-in: serves the template, and "processes" the Locations that the real
// LocalRepositoryEntityProvider offers by reading their files, as the catalog's file reader would.
const catalog = catalogServiceMock({ entities: [templateEntity] });
const processed = new Map<string, Entity>();
const registered: string[] = [];
const inMemoryGet = catalog.getEntityByRef.bind(catalog);
catalog.getEntityByRef = async (ref, options) =>
  processed.get(typeof ref === 'string' ? ref : stringifyEntityRef(ref)) ??
  inMemoryGet(ref, options);
const provider = new LocalRepositoryEntityProvider(
  join(dir.path, 'repos'),
  mockServices.logger.mock(),
);
const refreshes = setInterval(() => provider.refresh(), 200);
afterAll(() => clearInterval(refreshes));
beforeAll(() =>
  provider.connect({
    refresh: async () => {},
    applyMutation: async mutation => {
      if (mutation.type !== 'full')
        throw new Error('the provider sends full mutations');
      for (const { entity } of mutation.entities) {
        const target = (entity.spec as { target: string }).target;
        if (registered.includes(target)) continue;
        registered.push(target);
        const component = parse(fs.readFileSync(target, 'utf8')) as Entity;
        processed.set(stringifyEntityRef(component), component);
      }
    },
  }),
);

async function startPortal() {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleGithub,
      scaffolderModuleServiceMesh,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      // The real database service on in-memory SQLite, as in app-config.yaml.
      databaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          serviceMeshScaffolder: {
            localPublish: { enabled: true, directory: join(dir.path, 'repos') },
          },
          // GitHub itself is faked at the HTTP layer (msw) in the pull-request test.
          integrations: {
            github: [{ host: 'github.com', token: 'test-github-token' }],
          },
        },
      }),
    ],
  });
  return server;
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

const values = {
  ...serviceValues,
  name: 'orders',
  description: 'Keeps the orders',
  owner: 'group:default/shop-team',
  exposure: 'gateway',
  hosts: ['orders.example.com'],
  gatewayTls: 'self-signed',
  publishTo: 'local',
  localRepoName: 'orders',
  environments: [{ name: 'dev' }, { name: 'prod', namespace: 'orders' }],
};

describe('the meshed-service template in the real scaffolder', () => {
  let server: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    server = await startPortal();
  });

  /** Creates a task of the template with `taskValues` and waits until it has completed or failed. */
  async function runTask(taskValues: Record<string, unknown>) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({
        templateRef: 'template:default/meshed-service',
        values: taskValues,
      });
    expect(created.status).toBe(201);
    const task = await waitFor('the task to finish', async () => {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', auth);
      return ['completed', 'failed'].includes(res.body.status)
        ? res.body
        : undefined;
    });
    return { id: created.body.id as string, task };
  }

  it('creates a task that publishes a local Git repository and registers the component', async () => {
    const { id, task } = await runTask(values);
    if (task.status !== 'completed') {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', auth);
      throw new Error(
        `task ${task.status}: ${JSON.stringify(events.body.filter((e: any) => e.body?.error || e.body?.status === 'failed').map((e: any) => e.body))}`,
      );
    }

    // A real repository with one commit holding the skeleton and the manifests.
    const repo = join(dir.path, 'repos', 'orders');
    const log = execFileSync('git', ['-C', repo, 'log', '--format=%s'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(log).toEqual(['Create orders from the meshed-service template']);
    const clone = join(dir.path, 'clone');
    execFileSync('git', ['clone', '-q', `file://${repo}`, clone]);
    const files = execFileSync('git', ['-C', clone, 'ls-files'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(files).toEqual(
      expect.arrayContaining([
        'Dockerfile',
        'server.js',
        'package.json',
        'README.md',
        'catalog-info.yaml',
        'deploy/base/deployment-v1.yaml',
        'deploy/base/deployment-v2.yaml',
        'deploy/overlays/dev/gateway.yaml',
        'deploy/overlays/dev/httproute.yaml',
        'deploy/overlays/dev/certificate.yaml',
        'deploy/overlays/prod/gateway.yaml',
        'deploy/overlays/dev/kustomization.yaml',
        'deploy/overlays/prod/namespace.yaml',
        'deploy/argocd/dev.yaml',
        'deploy/argocd/prod.yaml',
      ]),
    );
    expect(fs.readFileSync(join(clone, 'server.js'), 'utf8')).toContain(
      "if (req.url === '/healthz')",
    );
    const app = parse(
      fs.readFileSync(join(clone, 'deploy/argocd/prod.yaml'), 'utf8'),
    );
    expect(app.spec.source).toEqual({
      repoURL: `file://${repo}`,
      targetRevision: 'main',
      path: 'deploy/overlays/prod',
    });
    expect(app.spec.destination).toEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'orders',
    });
    // The template's gateway defaults: Gateway API, a host per environment (prod keeps the bare one).
    const route = (env: string) =>
      parse(
        fs.readFileSync(
          join(clone, `deploy/overlays/${env}/httproute.yaml`),
          'utf8',
        ),
      );
    expect(
      ['dev', 'prod'].map(env => [
        route(env).spec.hostnames,
        route(env).spec.rules[0].backendRefs.map((r: any) => [
          r.name,
          r.weight,
        ]),
      ]),
    ).toEqual([
      [
        ['orders-dev.example.com'],
        [
          ['orders-v1', 90],
          ['orders-v2', 10],
        ],
      ],
      [
        ['orders.example.com'],
        [
          ['orders-v1', 90],
          ['orders-v2', 10],
        ],
      ],
    ]);
    // No key material in the repository.
    for (const f of files) {
      expect(fs.readFileSync(join(clone, f), 'utf8')).not.toMatch(
        /PRIVATE KEY|^kind: Secret/m,
      );
    }

    // The result page: links to the component, the local repository's location, the Argo CD apps.
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set('Authorization', auth);
    const output = events.body.find(
      (e: { type: string }) => e.type === 'completion',
    ).body.output;
    expect(output.links).toEqual([
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'component:default/orders',
      },
    ]);
    expect(output.text.map((t: { title: string }) => t.title)).toEqual([
      'Local repository',
      'Argo CD applications',
    ]);
    expect(output.text[0].content).toContain(`git clone file://${repo}`);
    expect(output.text[0].content).toContain(
      `(commit \`${execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()}\`)`,
    );
    expect(output.text[1].content).toBe(
      '- `orders-dev`: dev, namespace `orders-dev`\n- `orders-prod`: prod, namespace `orders`',
    );

    // The repository's catalog-info.yaml reached the catalog as a file location; the action waited for it.
    expect(registered).toEqual([join(repo, 'catalog-info.yaml')]);
    const entity = processed.get('component:default/orders')!;
    expect(entity.metadata.name).toBe('orders');
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/shop-team',
    });
    expect(entity.metadata.annotations!['argocd/app-selector']).toBe(
      'app.kubernetes.io/name=orders',
    );
  });

  it('fails the task without writing or publishing when the input is invalid', async () => {
    const { id, task } = await runTask({
      ...values,
      localRepoName: 'broken',
      stableWeight: 95,
    });
    expect(task.status).toBe('failed');
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set('Authorization', auth);
    const messages = events.body
      .map((e: any) => String(e.body?.message ?? ''))
      .join('\n');
    expect(messages).toContain(
      'canary: stableWeight + canaryWeight must sum to 100 (got 105)',
    );
    expect(fs.existsSync(join(dir.path, 'repos', 'broken'))).toBe(false);
  });

  it("dry-runs the template's defaults: no canary, mesh-internal", async () => {
    const template = meshedServiceTemplate();
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', auth)
      .send({
        template,
        values: {
          ...values,
          localRepoName: 'plain',
          exposure: 'mesh-internal',
          hosts: undefined,
          gatewayTls: undefined,
          canaryEnabled: false,
          stableVersion: undefined,
          stableWeight: undefined,
          canaryVersion: undefined,
          canaryWeight: undefined,
        },
        directoryContents: skeletonContents(),
      });
    expect({
      status: res.status,
      body: res.status === 200 ? 'ok' : res.body,
    }).toEqual({ status: 200, body: 'ok' });
    const deployment = res.body.directoryContents.find(
      (f: { path: string }) => f.path === 'deploy/base/deployment-v1.yaml',
    );
    const text = Buffer.from(deployment.base64Content, 'base64').toString();
    expect(text).toContain('version: v1');
    const paths = res.body.directoryContents.map(
      (f: { path: string }) => f.path,
    );
    expect(paths).not.toContain('deploy/base/deployment-v2.yaml');
    expect(paths.filter((p: string) => p.endsWith('/gateway.yaml'))).toEqual(
      [],
    );
  });

  it('dry-runs the template: shows the files, publishes nothing', async () => {
    const template = meshedServiceTemplate();
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', auth)
      .send({
        template,
        values: { ...values, localRepoName: 'dry' },
        directoryContents: skeletonContents(),
      });
    expect({
      status: res.status,
      body: res.status === 200 ? 'ok' : res.body,
    }).toEqual({ status: 200, body: 'ok' });
    const paths = res.body.directoryContents.map(
      (f: { path: string }) => f.path,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'deploy/overlays/dev/gateway.yaml',
        'deploy/argocd/prod.yaml',
        'server.js',
      ]),
    );
    const catalogInfo = res.body.directoryContents.find(
      (f: { path: string }) => f.path === 'catalog-info.yaml',
    );
    expect(
      Buffer.from(catalogInfo.base64Content, 'base64').toString(),
    ).toContain('name: orders');
    expect(fs.existsSync(join(dir.path, 'repos', 'dry'))).toBe(false);
    expect(registered).not.toContain(
      join(dir.path, 'repos', 'dry', 'catalog-info.yaml'),
    );
  });

  it('dry-runs the GitHub path: the Applications point at the GitHub repository, nothing is published', async () => {
    const template = meshedServiceTemplate();
    const { localRepoName: _local, ...githubValues } = values;
    const registrationsBefore = registered.length;
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', auth)
      .send({
        template,
        values: {
          ...githubValues,
          publishTo: 'github',
          repoUrl: 'github.com?owner=acme&repo=orders',
          gitopsRepoUrl: 'github.com?owner=acme&repo=platform-gitops',
        },
        directoryContents: skeletonContents(),
      });
    expect({
      status: res.status,
      body: res.status === 200 ? 'ok' : res.body,
    }).toEqual({ status: 200, body: 'ok' });
    const file = (path: string) =>
      Buffer.from(
        res.body.directoryContents.find(
          (f: { path: string }) => f.path === path,
        ).base64Content,
        'base64',
      ).toString();
    expect(parse(file('deploy/argocd/dev.yaml')).spec.source.repoURL).toBe(
      'https://github.com/acme/orders.git',
    );
    expect(
      parse(file('catalog-info.yaml')).metadata.annotations[
        'backstage.io/source-location'
      ],
    ).toBe('url:https://github.com/acme/orders/tree/main/');
    const steps = res.body.steps.map((s: { id: string }) => s.id);
    expect(steps).toEqual(
      expect.arrayContaining([
        'publish-github',
        'register-github',
        'gitops-pr',
      ]),
    );
    // publish:github and catalog:register cannot dry-run and are skipped; the pull-request action
    // can, and runs in dry-run mode (it still needs the integration's token to build its client).
    const logOf = (stepId: string) =>
      res.body.log
        .filter((l: { body: { stepId?: string } }) => l.body.stepId === stepId)
        // The action's own log lines carry a coloured "info: " level prefix.
        .map((l: { body: { message: string } }) =>
          l.body.message.replace(/^\S*info\S* /, ''),
        );
    expect(logOf('publish-github')).toContain(
      'Skipping because publish:github does not support dry-run',
    );
    const prLog = logOf('gitops-pr');
    expect(prLog).toContain('Dry run complete');
    const prInput = JSON.parse(
      prLog
        .find((m: string) =>
          m.startsWith('Running publish:github:pull-request'),
        )
        .replace(/^[^{]*/, ''),
    );
    expect(prInput).toEqual({
      repoUrl: 'github.com?owner=acme&repo=platform-gitops',
      branchName: 'meshport/add-orders',
      title: 'Add the Argo CD Applications of orders',
      description: "Generated by Meshport's meshed-service template.",
      sourcePath: 'deploy/argocd',
      targetPath: 'apps/orders',
    });
    expect(registered).toHaveLength(registrationsBefore);
  });
  describe('publishing to GitHub, with GitHub faked at the HTTP layer', () => {
    // A fake github.com: the REST and GraphQL API as msw handlers, and Git's smart HTTP protocol
    // answered by the real `git http-backend` on bare repositories under this directory.
    const githubRoot = join(dir.path, 'github');
    const requests: { method: string; path: string; body?: any }[] = [];
    const authorizations = new Set<string>();
    const blobs: string[] = [];
    const unhandled: string[] = [];
    const api = 'https://api.github.com';

    async function record(req: Request) {
      const url = new URL(req.url);
      const text = req.method === 'GET' ? '' : await req.text();
      requests.push({
        method: req.method,
        path: url.pathname + url.search,
        ...(text ? { body: JSON.parse(text) } : {}),
      });
      authorizations.add(req.headers.get('authorization') ?? '(none)');
      return text ? JSON.parse(text) : undefined;
    }

    const gitHttp = gitHttpBackend(githubRoot, req =>
      requests.push({
        method: req.method,
        path: `git ${new URL(req.url).pathname}`,
      }),
    );

    const github = setupServer(
      http.get(`${api}/users/acme`, async ({ request: req }) => {
        await record(req);
        return HttpResponse.json({ login: 'acme', type: 'Organization' });
      }),
      http.post(`${api}/orgs/acme/repos`, async ({ request: req }) => {
        const body = await record(req);
        execFileSync('git', [
          'init',
          '-q',
          '--bare',
          join(githubRoot, 'acme', `${body.name}.git`),
        ]);
        return HttpResponse.json(
          {
            name: body.name,
            clone_url: `https://github.com/acme/${body.name}.git`,
            html_url: `https://github.com/acme/${body.name}`,
          },
          { status: 201 },
        );
      }),
      http.get('https://github.com/acme/:repo/info/refs', gitHttp),
      http.post('https://github.com/acme/:repo/git-receive-pack', gitHttp),
      http.put(
        `${api}/repos/acme/orders/branches/main/protection`,
        async ({ request: req }) => {
          await record(req);
          return HttpResponse.json({});
        },
      ),
      http.get(
        `${api}/repos/acme/platform-gitops`,
        async ({ request: req }) => {
          await record(req);
          return HttpResponse.json({
            name: 'platform-gitops',
            default_branch: 'main',
            permissions: { admin: false, push: true, pull: true },
          });
        },
      ),
      http.get(
        `${api}/repos/acme/platform-gitops/commits`,
        async ({ request: req }) => {
          await record(req);
          return HttpResponse.json([
            { sha: 'base-commit', commit: { tree: { sha: 'base-tree' } } },
          ]);
        },
      ),
      http.post(
        `${api}/repos/acme/platform-gitops/git/blobs`,
        async ({ request: req }) => {
          const body = await record(req);
          blobs.push(Buffer.from(body.content, body.encoding).toString());
          return HttpResponse.json(
            { sha: `blob-${blobs.length}` },
            { status: 201 },
          );
        },
      ),
      http.post(
        `${api}/repos/acme/platform-gitops/git/trees`,
        async ({ request: req }) => {
          await record(req);
          return HttpResponse.json({ sha: 'new-tree' }, { status: 201 });
        },
      ),
      http.post(
        `${api}/repos/acme/platform-gitops/git/commits`,
        async ({ request: req }) => {
          await record(req);
          return HttpResponse.json({ sha: 'new-commit' }, { status: 201 });
        },
      ),
      // The plugin's query for an open pull request of the branch is anonymous, so it is matched by URL.
      http.post(`${api}/graphql`, async ({ request: req }) => {
        await record(req);
        // The branch does not exist yet, so no pull request is open for it.
        return HttpResponse.json({ data: { repository: { ref: null } } });
      }),
      http.post(
        `${api}/repos/acme/platform-gitops/git/refs`,
        async ({ request: req }) => {
          await record(req);
          return HttpResponse.json({}, { status: 201 });
        },
      ),
      http.post(
        `${api}/repos/acme/platform-gitops/pulls`,
        async ({ request: req }) => {
          await record(req);
          return HttpResponse.json(
            {
              number: 7,
              html_url: 'https://github.com/acme/platform-gitops/pull/7',
              base: { ref: 'main' },
            },
            { status: 201 },
          );
        },
      ),
    );
    beforeAll(() =>
      github.listen({
        onUnhandledRequest: req => {
          const { hostname } = new URL(req.url);
          if (hostname !== '127.0.0.1' && hostname !== 'localhost')
            unhandled.push(`${req.method} ${req.url}`);
        },
      }),
    );
    afterAll(() => github.close());

    it('creates the repository, pushes it, registers it and opens the GitOps pull request with the Argo CD Applications', async () => {
      const urlLocations: { target: string; dryRun?: boolean }[] = [];
      // The catalog stand-in reads a URL location from the pushed repository, as the catalog's
      // GitHub URL reader would.
      catalog.addLocation = async location => {
        urlLocations.push({ target: location.target, dryRun: location.dryRun });
        const path = location.target.replace(
          'https://github.com/acme/orders/tree/main/',
          '',
        );
        const entity = parse(
          execFileSync(
            'git',
            [
              '--git-dir',
              join(githubRoot, 'acme', 'orders.git'),
              'show',
              `main:${path}`,
            ],
            { encoding: 'utf8' },
          ),
        ) as Entity;
        return {
          location: {
            id: 'orders',
            type: 'url',
            target: location.target,
            entityRef: 'location:default/generated-orders',
          },
          entities: location.dryRun ? [entity] : [],
        };
      };
      const { localRepoName: _local, ...githubValues } = values;
      const { id, task } = await runTask({
        ...githubValues,
        publishTo: 'github',
        repoUrl: 'github.com?owner=acme&repo=orders',
        gitopsRepoUrl: 'github.com?owner=acme&repo=platform-gitops',
      });
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', auth);
      if (task.status !== 'completed') {
        throw new Error(
          `task ${task.status}: ${JSON.stringify(events.body.filter((e: any) => e.body?.error || e.body?.status === 'failed').map((e: any) => e.body))}`,
        );
      }
      expect(unhandled).toEqual([]);
      // Every API call carried the token of the github.com integration.
      expect([...authorizations]).toEqual(['token test-github-token']);

      // The exact conversation with GitHub, in order.
      expect(requests.map(r => `${r.method} ${r.path}`)).toEqual([
        'GET /users/acme',
        'POST /orgs/acme/repos',
        'GET git /acme/orders.git/info/refs',
        'POST git /acme/orders.git/git-receive-pack',
        'PUT /repos/acme/orders/branches/main/protection',
        'GET /repos/acme/platform-gitops',
        'GET /repos/acme/platform-gitops/commits?sha=main&per_page=1',
        'POST /repos/acme/platform-gitops/git/blobs',
        'POST /repos/acme/platform-gitops/git/blobs',
        'POST /repos/acme/platform-gitops/git/trees',
        'POST /repos/acme/platform-gitops/git/commits',
        'POST /graphql',
        'POST /repos/acme/platform-gitops/git/refs',
        'POST /repos/acme/platform-gitops/pulls',
      ]);
      const body = (path: string) =>
        requests.find(r => `${r.method} ${r.path}` === path)!.body;
      expect(body('POST /orgs/acme/repos')).toMatchObject({
        name: 'orders',
        description: 'Keeps the orders',
        private: true,
        visibility: 'private',
      });

      // The service repository on "GitHub" holds the skeleton and the manifests.
      const bare = join(githubRoot, 'acme', 'orders.git');
      const pushed = execFileSync(
        'git',
        ['--git-dir', bare, 'ls-tree', '-r', '--name-only', 'main'],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n');
      expect(pushed).toEqual(
        expect.arrayContaining([
          'server.js',
          'catalog-info.yaml',
          'deploy/base/deployment-v1.yaml',
          'deploy/argocd/dev.yaml',
          'deploy/argocd/prod.yaml',
        ]),
      );

      // The pull request adds exactly the Argo CD Applications under apps/orders, on top of main.
      expect(body('POST /repos/acme/platform-gitops/git/trees')).toEqual({
        base_tree: 'base-tree',
        tree: [
          { path: 'apps/orders/dev.yaml', mode: '100644', sha: 'blob-1' },
          { path: 'apps/orders/prod.yaml', mode: '100644', sha: 'blob-2' },
        ],
      });
      const show = (file: string) =>
        execFileSync('git', ['--git-dir', bare, 'show', `main:${file}`], {
          encoding: 'utf8',
        });
      // Byte for byte the Applications that were pushed to the service repository.
      expect(blobs).toEqual([
        show('deploy/argocd/dev.yaml'),
        show('deploy/argocd/prod.yaml'),
      ]);
      const apps = blobs.map(b => parse(b));
      expect(
        apps.map(a => [
          a.kind,
          a.metadata.name,
          a.spec.source.repoURL,
          a.spec.source.path,
          a.spec.destination.namespace,
        ]),
      ).toEqual([
        [
          'Application',
          'orders-dev',
          'https://github.com/acme/orders.git',
          'deploy/overlays/dev',
          'orders-dev',
        ],
        [
          'Application',
          'orders-prod',
          'https://github.com/acme/orders.git',
          'deploy/overlays/prod',
          'orders',
        ],
      ]);
      expect(body('POST /repos/acme/platform-gitops/git/commits')).toEqual({
        message: 'Add the Argo CD Applications of orders',
        tree: 'new-tree',
        parents: ['base-commit'],
      });
      expect(body('POST /graphql').variables).toEqual({
        owner: 'acme',
        repo: 'platform-gitops',
        head: 'meshport/add-orders',
      });
      expect(body('POST /repos/acme/platform-gitops/git/refs')).toEqual({
        ref: 'refs/heads/meshport/add-orders',
        sha: 'new-commit',
      });
      expect(body('POST /repos/acme/platform-gitops/pulls')).toEqual({
        head: 'acme:meshport/add-orders',
        base: 'main',
        title: 'Add the Argo CD Applications of orders',
        body: "Generated by Meshport's meshed-service template.",
        draft: false,
      });

      // The component was registered from its GitHub URL.
      expect(urlLocations).toEqual([
        {
          target: 'https://github.com/acme/orders/tree/main/catalog-info.yaml',
          dryRun: undefined,
        },
        {
          target: 'https://github.com/acme/orders/tree/main/catalog-info.yaml',
          dryRun: true,
        },
      ]);

      // The result page links to the repository, the pull request and the component.
      const output = events.body.find(
        (e: { type: string }) => e.type === 'completion',
      ).body.output;
      expect(output.links).toEqual([
        { title: 'Repository', url: 'https://github.com/acme/orders.git' },
        {
          title: 'Pull request in the GitOps repository',
          url: 'https://github.com/acme/platform-gitops/pull/7',
        },
        {
          title: 'Open in catalog',
          icon: 'catalog',
          entityRef: 'component:default/orders',
        },
      ]);
    });
  });
});
