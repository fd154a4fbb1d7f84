// One production shape per process, shared by every test file loaded into it (run.mjs loads them all;
// a single file also runs alone), stopped after the last test. Plus the HTTP helpers the tests use.
import { after } from 'node:test';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { entitiesYaml, MESHED_COMPONENTS } from './entities.mjs';
import { ROOT, startStack } from './stack.mjs';
import { waitFor } from './processes.mjs';

let started;

/** Log directory of the run (replica, PostgreSQL, Redis logs), kept after the run for CI artifacts. */
export const LOG_DIR = join(ROOT, 'test-results', 'production');

let responseLog = join(LOG_DIR, 'responses.ndjson');

/** Where `call` keeps the answers it receives (the load suite keeps them next to its own logs). */
export function setResponseLog(path) {
  responseLog = path;
}

/** Starts the stack once, waits for the catalog, and stops it after all tests of this process. */
export function sharedStack() {
  if (!started) {
    started = (async () => {
      const stack = await startStack({
        entitiesYaml: entitiesYaml(),
        logDir: LOG_DIR,
      });
      after(() => stack.stop());
      await waitForCatalog(stack);
      return stack;
    })();
  }
  return started;
}

/** Headers with the harness's static service token (backend.auth.externalAccess). */
export function serviceAuth(stack) {
  return { authorization: `Bearer ${stack.secrets.externalToken}` };
}

async function waitForCatalog(stack) {
  const names = MESHED_COMPONENTS.map(c => c.name).concat('guest');
  await waitFor(
    'catalog ingestion of the test entities',
    async () => {
      for (const name of names) {
        const kind = name === 'guest' ? 'user' : 'component';
        const res = await fetch(
          `${stack.balancerUrl}/api/catalog/entities/by-name/${kind}/default/${name}`,
          { headers: serviceAuth(stack) },
        );
        if (!res.ok) return false;
      }
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 1000 },
  );
}

/** Every user token this process obtained: none may show up in a log or an answer. */
export const issuedUserTokens = new Set();

/** Signs in as the test user (guest provider → user:default/guest, member of team-a) on `baseUrl`. */
export async function userToken(baseUrl) {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `guest sign-in on ${baseUrl} failed: ${res.status} ${await res.text()}`,
    );
  }
  const body = await res.json();
  issuedUserTokens.add(body.backstageIdentity.token);
  return body.backstageIdentity.token;
}

/** GET or POST `path` on `baseUrl` with `token`; returns `{ status, headers, text, json }`. */
export async function call(
  baseUrl,
  path,
  { token, method = 'GET', body, timeoutMs = 30_000 } = {},
) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  // Every answer of the run is kept for the secret scan (secrets.test.mjs) and as a CI artifact.
  appendFileSync(
    responseLog,
    `${JSON.stringify({ method, url: `${baseUrl}${path}`, status: res.status, headers: Object.fromEntries(res.headers), body: text })}\n`,
  );
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
