import { readFileSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { sandboxExamples } from './__testUtils__/sandboxExamples';
import { serviceMeshPlugin } from './plugin';
import { revisionOf } from './services/sandbox';

jest.setTimeout(30_000);

/** Argo CD's swagger definitions of the fields Roadie reads (see __fixtures__/argocd-swagger/README.md). */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('int64', true);
ajv.addSchema(
  JSON.parse(
    readFileSync(
      resolvePackagePath(
        '@meshport/plugin-service-mesh-backend',
        'src/__fixtures__/argocd-swagger/roadie-reads.schema.json',
      ),
      'utf8',
    ),
  ),
  'argocd',
);

function expectSwagger(definition: string, body: unknown) {
  const validate = ajv.getSchema(`argocd#/definitions/${definition}`)!;
  const valid = validate(body);
  expect(ajv.errorsText(validate.errors)).toBe('No errors');
  expect(valid).toBe(true);
}

/** The portal's example components, checkout from its seeded local repository. */
let examples: Awaited<ReturnType<typeof sandboxExamples>>;
beforeAll(async () => {
  examples = await sandboxExamples();
});
afterAll(() => examples.cleanup());

const BASE = '/api/service-mesh/sandbox/argocd/api/v1';

async function start(sandbox: boolean) {
  const { server } = await startTestBackend({
    features: [
      serviceMeshPlugin,
      mockServices.rootConfig.factory({
        data: { serviceMesh: { sandbox }, ...examples.config },
      }),
      catalogServiceMock.factory({ entities: examples.entities }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
  const get = (path: string) =>
    request(server)
      .get(`${BASE}${path}`)
      .set('Authorization', mockCredentials.user.header());
  return { server, get };
}

describe('the sandbox Argo CD over HTTP (sandbox on)', () => {
  let backend: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    backend = await start(true);
  });

  it("lists the checkout applications as Roadie asks (selector and legacy `project`), in Argo CD's list shape", async () => {
    const res = await backend.get(
      `/applications?selector=${encodeURIComponent('app.kubernetes.io/name=checkout')}&project=shop`,
    );
    expect(res.status).toBe(200);
    expectSwagger('v1alpha1ApplicationList', res.body);
    const items = res.body.items as any[];
    expect(items.map(a => a.metadata.name)).toEqual([
      'checkout-dev',
      'checkout-staging',
      'checkout-prod',
    ]);
    for (const app of items) {
      expect(app.metadata.namespace).toBe('argocd');
      expect(app.spec.project).toBe('shop');
      expect(app.status.sync.status).toBe('Synced');
      expect(app.status.health.status).toBe('Healthy');
      const history = app.status.history as any[];
      // Synced: the compared revision is the last deployed one, the one the history card shows first.
      expect(app.status.sync.revision).toBe(
        history[history.length - 1].revision,
      );
      expect(app.status.operationState.finishedAt).toBe(
        history[history.length - 1].deployedAt,
      );
      expect(typeof history[0].id).toBe('number');
    }
  });

  it('applies `projects` like `project`, and a project without apps answers an empty list', async () => {
    const selector = encodeURIComponent('app.kubernetes.io/name=checkout');
    const both = await backend.get(
      `/applications?selector=${selector}&projects=shop`,
    );
    expect(both.body.items).toHaveLength(3);
    const none = await backend.get(
      `/applications?selector=${selector}&project=identity`,
    );
    expect(none.status).toBe(200);
    expect(none.body.items).toEqual([]);
  });

  it('answers one application by name, and 404 for one it does not simulate', async () => {
    const res = await backend.get('/applications/recommendations-prod');
    expect(res.status).toBe(200);
    expectSwagger('v1alpha1Application', res.body);
    expect(res.body.metadata.name).toBe('recommendations-prod');
    const missing = await backend.get('/applications/checkout-qa');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'applications.argoproj.io "checkout-qa" not found',
    );
  });

  it("answers a revision's metadata in Argo CD's shape; an unknown revision is 404", async () => {
    const list = await backend.get(
      `/applications?selector=${encodeURIComponent('app.kubernetes.io/name=checkout')}`,
    );
    const prod = (list.body.items as any[]).find(
      a => a.metadata.name === 'checkout-prod',
    );
    const revision = prod.status.sync.revision;
    const res = await backend.get(
      `/applications/checkout-prod/revisions/${revision}/metadata`,
    );
    expect(res.status).toBe(200);
    expectSwagger('v1alpha1RevisionMetadata', res.body);
    // checkout lives in a local repository: the metadata is its head commit's.
    expect(res.body).toEqual({
      author: 'Meshport sandbox <sandbox@meshport.invalid>',
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT00:00:00Z$/),
      message: 'checkout 1.8.0: split baskets by warehouse',
      tags: [],
    });
    const unknown = await backend.get(
      `/applications/checkout-prod/revisions/${revisionOf('payments', 1)}/metadata`,
    );
    expect(unknown.status).toBe(404);
  });

  it('gives one commit the same author, date and message in every environment', async () => {
    const list = await backend.get(
      `/applications?selector=${encodeURIComponent('app.kubernetes.io/name=checkout')}`,
    );
    const history = (list.body.items as any[]).find(
      a => a.metadata.name === 'checkout-prod',
    ).status.history;
    const revision = history[history.length - 1].revision;
    const metadata = await Promise.all(
      ['checkout-dev', 'checkout-staging', 'checkout-prod'].map(async app => {
        const res = await backend.get(
          `/applications/${app}/revisions/${revision}/metadata`,
        );
        expect(res.status).toBe(200);
        return res.body;
      }),
    );
    expect(metadata[1]).toEqual(metadata[0]);
    expect(metadata[2]).toEqual(metadata[0]);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const selector = await backend.get(
      `/applications?selector=${encodeURIComponent('app in (a')}`,
    );
    expect(selector.status).toBe(400);
    expect(selector.body.error.message).toMatch(/^selector /);
    const project = await backend.get(
      `/applications?project=${encodeURIComponent('shop"}')}`,
    );
    expect(project.status).toBe(400);
    expect(project.body.error.message).toMatch(/^project: /);
    const revision = await backend.get(
      '/applications/checkout-prod/revisions/..%2Fmain/metadata',
    );
    expect(revision.status).toBe(400);
    expect(revision.body.error.message).toMatch(/^Invalid revision /);
  });

  it('needs a Backstage token and serves reads only', async () => {
    const anonymous = await request(backend.server)
      .get(`${BASE}/applications`)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const sync = await request(backend.server)
      .post(`${BASE}/applications/checkout-prod/sync`)
      .set('Authorization', mockCredentials.user.header());
    expect(sync.status).toBe(404);
  });
});

describe('the sandbox Argo CD over HTTP (sandbox off)', () => {
  it('is not mounted', async () => {
    const { get } = await start(false);
    const res = await get('/applications');
    expect(res.status).toBe(404);
    const app = await get('/applications/checkout-prod');
    expect(app.status).toBe(404);
  });
});
