// A scaffolder task started on replica A is visible on replica B and completes; its state is a row in
// the scaffolder's PostgreSQL database, not in either process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { TEMPLATE_NAME } from '../lib/entities.mjs';
import { waitFor } from '../lib/processes.mjs';
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
