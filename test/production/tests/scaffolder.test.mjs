// A scaffolder task started on replica A is visible on replica B and completes; its state is a row in
// the scaffolder's PostgreSQL database, not in either process. Local publishing stays off under the
// production config files whatever NODE_ENV says.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { meshedServiceValues, TEMPLATE_NAME } from '../lib/entities.mjs';
import { ROOT, waitFor } from '../lib/processes.mjs';
import { call, sharedStack, userToken } from '../lib/session.mjs';

const stack = await sharedStack();

test('a task started on replica A is visible on replica B and completes, state in PostgreSQL', async () => {
  const { a, b } = stack.replicas;
  const token = await userToken(a.url);
  const message = `production smoke ${Date.now()}`;
  const created = await call(a.url, '/api/scaffolder/v2/tasks', {
    token,
    method: 'POST',
    body: {
      templateRef: `template:default/${TEMPLATE_NAME}`,
      values: { message },
    },
  });
  assert.equal(created.status, 201, created.text);
  const { id } = created.json;

  let task;
  await waitFor(
    `task ${id} completed as seen from replica B`,
    async () => {
      const seen = await call(b.url, `/api/scaffolder/v2/tasks/${id}`, {
        token,
      });
      assert.equal(seen.status, 200, seen.text);
      task = seen.json;
      assert.notEqual(task.status, 'failed', JSON.stringify(task));
      return task.status === 'completed';
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  assert.equal(task.id, id);
  assert.equal(
    task.spec.templateInfo.entityRef,
    `template:default/${TEMPLATE_NAME}`,
  );
  assert.equal(task.createdBy, 'user:default/guest');

  const events = await call(b.url, `/api/scaffolder/v2/tasks/${id}/events`, {
    token,
  });
  assert.equal(events.status, 200, events.text);
  assert.ok(
    events.json.some(
      e => e.type === 'log' && String(e.body.message).includes(message),
    ),
    'the debug:log step logged the message (read through replica B)',
  );

  const client = new pg.Client({
    host: '127.0.0.1',
    port: stack.ports.postgres,
    user: 'meshport',
    password: stack.secrets.postgresPassword,
    database: 'backstage_plugin_scaffolder',
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select id, status from tasks where id = $1',
      [id],
    );
    assert.deepEqual(rows, [{ id, status: 'completed' }]);
  } finally {
    await client.end();
  }
});

test('local publishing is refused under the production config even without NODE_ENV=production', async () => {
  // Its own backend (own databases, outside the balancer) so that it alone runs the task.
  const backend = await stack.startStandaloneBackend('no-node-env', {
    NODE_ENV: undefined,
  });
  const name = `local-${Date.now()}`;
  const repository = join(ROOT, 'local-repos', name);
  const token = await userToken(backend.url);
  await waitFor(
    'the meshed-service template in the standalone backend catalog',
    async () =>
      (
        await call(
          backend.url,
          '/api/catalog/entities/by-name/template/default/meshed-service',
          { token },
        )
      ).status === 200,
    { timeoutMs: 120_000, intervalMs: 1000 },
  );
  try {
    const created = await call(backend.url, '/api/scaffolder/v2/tasks', {
      token,
      method: 'POST',
      body: {
        templateRef: 'template:default/meshed-service',
        values: meshedServiceValues({
          name,
          owner: 'group:default/team-a',
          publishTo: 'local',
          localRepoName: name,
        }),
      },
    });
    assert.equal(created.status, 201, created.text);
    let task;
    await waitFor(
      `task ${created.json.id} to finish`,
      async () => {
        task = (
          await call(
            backend.url,
            `/api/scaffolder/v2/tasks/${created.json.id}`,
            {
              token,
            },
          )
        ).json;
        return task.status === 'failed' || task.status === 'completed';
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const events = await call(
      backend.url,
      `/api/scaffolder/v2/tasks/${created.json.id}/events`,
      { token },
    );
    const completion = events.json.find(e => e.type === 'completion');
    assert.equal(task.status, 'failed', JSON.stringify(completion));
    assert.equal(
      completion.body.error.message,
      'Local publishing is not configured: set serviceMeshScaffolder.localPublish.directory, or publish with publish:github',
    );
    assert.equal(existsSync(repository), false, `${repository} was written`);
    const registered = await call(
      backend.url,
      `/api/catalog/entities/by-name/component/default/${name}`,
      { token },
    );
    assert.equal(registered.status, 404, registered.text.slice(0, 300));
  } finally {
    // Only a run before the fix writes it; the unique name makes it this run's own.
    rmSync(repository, { recursive: true, force: true });
  }
});
