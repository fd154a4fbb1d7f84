// The backend under benchmark: packages/backend itself (catalog, auth with guest sign-in, permission
// framework, cache, scaffolder, app backend, the service-mesh plugin), started as its own process with
// app-config.yaml plus a bench overlay that turns the sandbox off and points at the bench's upstreams.
import { readFile } from 'node:fs/promises';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  startBackendProcess,
  waitFor,
  waitForReadiness,
} from '../../../test/production/lib/processes.mjs';
import { cpuProfArgs } from './profile.mjs';
import { PORT_OFFSET, TOKENS } from './upstreams.mjs';

/** Port of the backend under benchmark (range 7501-7509, plus the port offset). */
export const BACKEND_PORT = 7501 + PORT_OFFSET;
export const BACKEND_URL = `http://127.0.0.1:${BACKEND_PORT}`;

/** The catalog entity of one synthetic workload (its Argo CD app carries the workload's name). */
export function componentOf(workload) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `svc-${workload.workload}`,
      annotations: {
        'argocd/app-name': workload.workload,
        'meshport.io/workload': workload.workload,
        'backstage.io/kubernetes-namespace': workload.namespace,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/bench',
    },
  };
}

function overlay({
  entitiesFile,
  localRepos,
  upstreams,
  cacheTtlSeconds,
  viaLatencyProxies,
  recordingRules,
  databaseDir,
  deadlineMs,
}) {
  const via = viaLatencyProxies
    ? {
        argocd: upstreams.latency.argocd.url,
        kiali: upstreams.latency.kiali.url,
        prometheus: upstreams.latency.prometheus.url,
      }
    : {
        argocd: upstreams.argocd.url,
        kiali: upstreams.kiali.url,
        prometheus: upstreams.proxy.url,
      };
  return {
    app: { baseUrl: BACKEND_URL },
    backend: {
      baseUrl: BACKEND_URL,
      listen: { port: BACKEND_PORT, host: '127.0.0.1' },
      cors: { origin: BACKEND_URL },
      // SQLite files that outlive the process (one per plugin), instead of in-memory databases.
      ...(databaseDir
        ? {
            database: {
              client: 'better-sqlite3',
              connection: { directory: databaseDir },
            },
          }
        : {}),
    },
    catalog: { locations: [{ type: 'file', target: entitiesFile }] },
    // An empty directory: services a developer created locally must not join the bench's catalog.
    serviceMeshScaffolder: { localPublish: { directory: localRepos } },
    serviceMesh: {
      sandbox: false,
      ...(cacheTtlSeconds ? { cacheTtlSeconds } : {}),
      // A caller's catalog view (one token's) outlives every section: which view a request finds is the
      // bench's choice, by its token (guestToken() signs in anew: a new caller, whose view is read).
      catalogViewTtlSeconds: 300,
      // A slow upstream neither times out nor opens its breaker (which serves the last answer).
      ...(deadlineMs ? { deadlineMs, resilience: { slowMs: deadlineMs } } : {}),
      argocd: {
        instances: [{ name: 'bench', url: via.argocd, token: TOKENS.argocd }],
      },
      kiali: { url: `${via.kiali}/kiali`, token: TOKENS.kiali },
      prometheus: {
        baseUrl: via.prometheus,
        ...(recordingRules ? { recordingRules } : {}),
        ...(deadlineMs ? { timeoutMs: deadlineMs } : {}),
      },
    },
  };
}

/** A size field of /proc/<pid>/status (`VmHWM`, `VmRSS`), in bytes. */
async function statusBytes(pid, field) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Peak resident set size (VmHWM) of a process, in bytes. */
export const peakRssBytes = pid => statusBytes(pid, 'VmHWM');

/** Resident set size now (VmRSS) of a process, in bytes. */
export const rssBytes = pid => statusBytes(pid, 'VmRSS');

/** CPU time (user + system) a process has used, in clock ticks (1/100 s on Linux). */
export async function cpuTicks(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Waits until the backend is idle (under 10% of one core for a whole second): after start the catalog
 * keeps processing and stitching, and background tasks run, which would be measured as request time.
 */
async function settle(pid, timeoutMs) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const before = await cpuTicks(pid);
    await new Promise(r => setTimeout(r, 1000));
    if ((await cpuTicks(pid)) - before < 10) return Date.now() - started;
  }
  throw new Error(
    `the backend did not become idle within ${timeoutMs / 1000} s`,
  );
}

/**
 * Starts the backend (reaching the upstreams directly, or through their latency proxies) with a catalog of one component per synthetic workload, waits until it is ready and
 * the catalog holds every component and the process is idle, and signs in as guest. `stop()` returns the peak RSS.
 * With `stateDir`, the catalog file and the databases live there and outlive the backend: the next
 * backend started on it finds the catalog already ingested, and only ingests the components added.
 */
export async function startBackend({
  upstreams,
  cacheTtlSeconds,
  viaLatencyProxies,
  recordingRules,
  stateDir,
  deadlineMs,
  logDir,
  label,
}) {
  const dir = mkdtempSync(join(tmpdir(), 'meshport-bench-'));
  const entitiesFile = join(stateDir ?? dir, 'entities.yaml');
  const databaseDir = stateDir && join(stateDir, 'databases');
  const localRepos = join(dir, 'local-repos');
  mkdirSync(localRepos);
  const components = upstreams.mesh.workloads.map(componentOf);
  writeFileSync(
    entitiesFile,
    [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'bench' },
        spec: { type: 'team', children: [] },
      },
      ...components,
    ]
      .map(d => stringify(d))
      .join('---\n'),
  );
  const overlayFile = join(dir, 'app-config.bench.yaml');
  writeFileSync(
    overlayFile,
    JSON.stringify(
      overlay({
        entitiesFile,
        localRepos,
        upstreams,
        cacheTtlSeconds,
        viaLatencyProxies,
        recordingRules,
        databaseDir,
        deadlineMs,
      }),
    ),
  );
  const logFile = join(logDir, `backend-${label}.log`);
  // This run's log only (the process helper appends).
  writeFileSync(logFile, '');
  const started = Date.now();
  const proc = startBackendProcess(`backend (${label})`, {
    configs: [overlayFile],
    env: { ...process.env, NODE_ENV: 'development' },
    logFile,
    nodeArgs: cpuProfArgs(label),
  });
  try {
    await waitForReadiness(BACKEND_URL, {
      proc,
      timeoutMs: 180_000,
      intervalMs: 250,
    });
    const readyMs = Date.now() - started;
    const token = await guestToken();
    const expected = components.length;
    let seen = 0;
    // The catalog reads its file again only on its processing interval: with a catalog kept from an
    // earlier backend, ask for the added components now (again on the next poll if that fails).
    let refreshed = !stateDir;
    await waitFor(
      `catalog ingestion of ${expected} components`,
      async () => {
        const res = await fetch(
          `${BACKEND_URL}/api/catalog/entities/by-query?filter=kind=component&limit=1`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        if (!res.ok) return false;
        seen = (await res.json()).totalItems;
        if (seen < expected && !refreshed) {
          refreshed = await refreshLocation(entitiesFile, token).then(
            () => true,
            () => false,
          );
        }
        return seen >= expected;
      },
      { proc, timeoutMs: 420_000, intervalMs: 500 },
    );
    const catalogMs = Date.now() - started;
    const settleMs = await settle(proc.pid, 60_000);
    return {
      pid: proc.pid,
      url: BACKEND_URL,
      token,
      components,
      logFile,
      startup: { readyMs, catalogMs, settleMs },
      peakRss: () => peakRssBytes(proc.pid),
      rss: () => rssBytes(proc.pid),
      async stop() {
        await proc.stop('SIGTERM', 15_000);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await proc.stop('SIGKILL', 1000);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${error.message} (backend log: ${logFile})`);
  }
}

/** Asks the catalog to process the location of `file` (its config location) now. */
async function refreshLocation(file, token) {
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const found = await getJson(
    `/api/catalog/entities/by-query?filter=${encodeURIComponent(`kind=location,spec.target=${file}`)}&fields=metadata.name,metadata.namespace`,
    token,
  );
  const location = found.items[0];
  if (!location) return; // a fresh catalog: the location is processed at start anyway
  const res = await fetch(`${BACKEND_URL}/api/catalog/refresh`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      entityRef: `location:${location.metadata.namespace ?? 'default'}/${location.metadata.name}`,
    }),
  });
  if (!res.ok) {
    throw new Error(
      `refreshing the catalog's location failed: ${res.status} ${await res.text()}`,
    );
  }
}

const issued = new Set();

/**
 * A user token from the guest provider, new on every call (every request runs with a real identity; a
 * new token is a new caller to the backend's kept catalog views). Fails if the provider repeats one.
 */
export async function guestToken() {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const { token } = (await res.json()).backstageIdentity;
  if (issued.has(token)) {
    throw new Error('the guest provider issued the same token twice');
  }
  issued.add(token);
  return token;
}

/** GET `path` on the backend with `token`; fails with the body when the answer is not 2xx. */
export async function getJson(path, token) {
  const res = await fetch(`${BACKEND_URL}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text);
}
