// The production shape's security: every service-mesh route refuses callers without credentials (401)
// on both replicas; the production policy keeps restricted entities and Argo CD actions from users who
// lack the permission (no data, no upstream call); an attacker's entity whose annotations claim other
// teams' Argo CD applications reads and acts on none of them; hostile annotation values are refused with
// an InputError naming the annotation and never reach an upstream.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../lib/processes.mjs';
import {
  ATTACKER_COMPONENTS,
  HOSTILE_COMPONENTS,
  HOSTILE_VALUES,
  meshedServiceValues,
} from '../lib/entities.mjs';
import { OVERVIEW_PATH, statusPath } from '../lib/load.mjs';
import { call, sharedStack, userToken } from '../lib/session.mjs';

const stack = await sharedStack();

const entity = '/api/service-mesh/entities/component/default/checkout';
const ROUTES = [
  ['GET', `${entity}/status`],
  ['GET', `${entity}/signals?environment=prod&range=1h`],
  [
    'GET',
    `${entity}/argocd/prod/applications/checkout-prod/revisions/0123456789abcdef0123456789abcdef01234567/metadata`,
  ],
  ['POST', `${entity}/argocd/prod/applications/checkout-prod/refresh`],
  ['POST', `${entity}/argocd/prod/applications/checkout-prod/sync`],
  ['GET', '/api/service-mesh/overview'],
  ['GET', '/api/service-mesh/diagnostics'],
];

test('every service-mesh route answers 401 without credentials or with a forged token, on both replicas', async () => {
  stack.argocd.resetCounts();
  for (const replica of Object.values(stack.replicas)) {
    for (const [method, path] of ROUTES) {
      for (const token of [
        undefined,
        'not-a-token',
        `${stack.secrets.externalToken}x`,
      ]) {
        const res = await call(replica.url, path, { method, token });
        assert.equal(
          res.status,
          401,
          `${method} ${path} on ${replica.name} (token ${token}): ${res.text}`,
        );
        assert.equal(res.json?.error?.name, 'AuthenticationError', res.text);
      }
    }
  }
  assert.deepEqual(
    stack.argocd.counts(),
    {},
    'no upstream call for an unauthenticated request',
  );
});

test('a user who may not read an entity gets no data about it', async () => {
  const token = await userToken(stack.replicas.a.url);
  for (const replica of Object.values(stack.replicas)) {
    const res = await call(replica.url, statusPath('vault'), { token });
    assert.ok(
      [403, 404].includes(res.status),
      `vault status for guest: ${res.status} ${res.text}`,
    );
    assert.doesNotMatch(res.text, /checkout-prod|shop|environments/);
    const overview = await call(replica.url, OVERVIEW_PATH, { token });
    assert.equal(overview.status, 200, overview.text);
    assert.doesNotMatch(overview.text, /component:default\/vault|"vault"/);
    assert.match(overview.text, /component:default\/checkout/);
  }
  // The owners' view through a service principal shows vault is there: the refusal is the policy.
  const asService = await call(stack.balancerUrl, statusPath('vault'), {
    token: stack.secrets.externalToken,
  });
  assert.equal(asService.status, 200, asService.text);
});

test('Argo CD sync and refresh without the permission: 403 and no upstream call', async () => {
  const token = await userToken(stack.replicas.b.url);
  stack.argocd.resetCounts();
  for (const action of ['sync', 'refresh']) {
    const res = await call(
      stack.replicas.b.url,
      `/api/service-mesh/entities/component/default/ledger/argocd/prod/applications/ledger-prod/${action}`,
      { method: 'POST', token },
    );
    assert.equal(
      res.status,
      403,
      `${action} on ledger (owned by team-b) as guest: ${res.text}`,
    );
    assert.equal(res.json?.error?.name, 'NotAllowedError', res.text);
  }
  const posts = Object.keys(stack.argocd.counts()).filter(k =>
    /sync|refresh/.test(k),
  );
  assert.deepEqual(posts, [], 'no sync or refresh reached Argo CD');
  const diagnostics = await call(
    stack.replicas.b.url,
    '/api/service-mesh/diagnostics',
    { token },
  );
  assert.equal(diagnostics.status, 403, diagnostics.text);
});

test("an attacker's entity claiming other teams' applications: no data, actions refused, no upstream call about them", async () => {
  const token = await userToken(stack.replicas.a.url);
  stack.argocd.resetCounts();
  // Nothing of the victims' applications: names, namespaces, revisions, commit authors.
  const VICTIM_DATA =
    /ledger-prod|vault-prod|checkout-prod|"shop"|Alice|9f2c4e1d/;
  for (const a of ATTACKER_COMPONENTS) {
    const entity = `/api/service-mesh/entities/component/default/${a.name}`;
    const refusal = `${a.annotation} of component:default/${a.name} matches ${a.foreign} application${a.foreign === 1 ? ' that is' : 's that are'} not bound to it: an Argo CD Application is shown for an entity only when its meshport.io/entity-ref annotation names the entity`;
    const status = await call(stack.balancerUrl, statusPath(a.name), { token });
    assert.equal(status.status, 200, status.text);
    assert.deepEqual(
      status.json.environments.map(e => [e.name, e.namespace, e.argocd]),
      [
        [
          'default',
          'mallory',
          { source: 'argocd', state: 'not-allowed', message: refusal },
        ],
      ],
    );
    const signals = await call(stack.balancerUrl, `${entity}/signals`, {
      token,
    });
    assert.equal(signals.status, 200, signals.text);
    assert.equal(signals.json.environment, 'default');
    for (const res of [status, signals]) {
      assert.doesNotMatch(
        res.text,
        VICTIM_DATA,
        `${a.name}: ${res.text.slice(0, 300)}`,
      );
    }
    const app = `${entity}/argocd/prod/applications/${a.claims}`;
    for (const [method, path] of [
      [
        'GET',
        `${app}/revisions/9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d/metadata`,
      ],
      ['POST', `${app}/refresh`],
      ['POST', `${app}/sync`],
    ]) {
      const res = await call(stack.balancerUrl, path, { method, token });
      assert.equal(res.status, 403, `${a.name} ${method} ${path}: ${res.text}`);
      assert.deepEqual(
        res.json?.error && [res.json.error.name, res.json.error.message],
        ['NotAllowedError', refusal],
      );
    }
  }
  const overview = await call(stack.balancerUrl, OVERVIEW_PATH, { token });
  assert.equal(overview.status, 200, overview.text.slice(0, 300));
  assert.deepEqual(
    overview.json.rows
      .filter(r => r.entityRef.startsWith('component:default/mallory'))
      .map(r => [r.entityRef, r.environment, r.namespace, r.sync ?? null]),
    ATTACKER_COMPONENTS.map(a => [
      `component:default/${a.name}`,
      'default',
      'mallory',
      null,
    ]).sort((x, y) => x[0].localeCompare(y[0])),
  );
  assert.doesNotMatch(overview.text, /component:default\/vault|"vault"/);
  // Argo CD was asked for the attackers' lists, never about one of the claimed applications.
  const aboutApps = Object.keys(stack.argocd.counts()).filter(k =>
    /\/applications\/(ledger|vault|checkout)-prod/.test(k),
  );
  assert.deepEqual(aboutApps, [], 'no call about a claimed application');
});

test('hostile annotation values are refused naming the annotation and never reach an upstream', async () => {
  const token = await userToken(stack.replicas.a.url);
  stack.argocd.resetCounts();
  stack.kiali.resetCounts();
  stack.prometheusProxy.resetCounts();
  for (const h of HOSTILE_COMPONENTS) {
    const res = await call(stack.balancerUrl, statusPath(h.name), { token });
    assert.equal(
      res.status,
      400,
      `${h.name}: ${res.status} ${res.text.slice(0, 300)}`,
    );
    assert.equal(res.json?.error?.name, 'InputError', res.text.slice(0, 300));
    assert.ok(
      res.json.error.message.includes(h.annotation),
      `${h.name}: the message names ${h.annotation}: ${res.json.error.message.slice(0, 300)}`,
    );
  }
  const seen = JSON.stringify([stack.argocd.counts(), stack.kiali.counts()]);
  for (const value of Object.values(HOSTILE_VALUES)) {
    for (const encoded of [value, encodeURIComponent(value)]) {
      assert.ok(
        !seen.includes(encoded.slice(0, 40)),
        `hostile value reached an upstream: ${encoded.slice(0, 40)}`,
      );
    }
  }
  // The hostile entities do not break the overview either.
  const overview = await call(stack.balancerUrl, OVERVIEW_PATH, { token });
  assert.equal(overview.status, 200, overview.text.slice(0, 300));
});

test('hostile template inputs: refused by the schema or by the generator naming the field, nothing published', async () => {
  const token = await userToken(stack.replicas.a.url);
  const create = values =>
    call(stack.balancerUrl, '/api/scaffolder/v2/tasks', {
      token,
      method: 'POST',
      body: { templateRef: 'template:default/meshed-service', values },
    });
  // The form fills in the template's defaults; the API does not, so the test does.
  const base = meshedServiceValues({
    owner: 'group:default/team-a',
    publishTo: 'local',
  });
  for (const [kind, value] of Object.entries(HOSTILE_VALUES)) {
    // name has a pattern in the template: the scaffolder refuses the task before it exists.
    const byName = await create({
      ...base,
      name: value,
      localRepoName: `hostile-${kind}`,
    });
    assert.equal(
      byName.status,
      400,
      `name ${kind}: ${byName.text.slice(0, 300)}`,
    );
    assert.deepEqual(
      byName.json.errors.map(e => e.property),
      ['instance.name'],
      byName.text.slice(0, 500),
    );
    // namespace is free text in the form: the generator action refuses it, naming the field.
    const byNamespace = await create({
      ...base,
      name: `hostile-${kind}`,
      localRepoName: `hostile-${kind}`,
      namespace: value,
    });
    assert.equal(
      byNamespace.status,
      201,
      `namespace ${kind}: ${byNamespace.text.slice(0, 300)}`,
    );
    const { id } = byNamespace.json;
    let task;
    await waitFor(
      `task ${id} (namespace ${kind}) to finish`,
      async () => {
        task = (
          await call(stack.replicas.b.url, `/api/scaffolder/v2/tasks/${id}`, {
            token,
          })
        ).json;
        return task.status === 'failed' || task.status === 'completed';
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    assert.equal(
      task.status,
      'failed',
      `namespace ${kind} must not generate anything`,
    );
    const events = await call(
      stack.replicas.b.url,
      `/api/scaffolder/v2/tasks/${id}/events`,
      { token },
    );
    const failure = events.json.find(e => e.type === 'completion');
    assert.equal(
      failure?.body?.error?.name,
      'InputError',
      JSON.stringify(failure),
    );
    assert.match(
      failure.body.error.message,
      /namespace/,
      failure.body.error.message,
    );
    const registered = await call(
      stack.balancerUrl,
      `/api/catalog/entities/by-name/component/default/hostile-${kind}`,
      { token },
    );
    assert.equal(registered.status, 404, `hostile-${kind} was not registered`);
  }
});
