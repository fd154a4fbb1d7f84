// Child processes of the production-shape harness: each runs in its own process group so that a whole
// tree (runuser → postgres and its workers) stops with one signal, and every group still running when
// this process exits (normally, on an uncaught error, or on SIGINT/SIGTERM) is killed.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

const running = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of running) killGroup(child, 'SIGKILL');
    process.exit(130);
  });
}

/**
 * Starts `cmd args` in a new process group with stdout and stderr appended to `logFile`.
 * Returns `{ child, pid, stop(signal, graceMs), exited }`.
 */
export function startProcess(name, cmd, args, { cwd, env, logFile }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, {
    cwd,
    env,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  running.add(child);
  const exited = new Promise(resolve => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    child.once('error', error => {
      running.delete(child);
      resolve({ code: null, signal: null, error });
    });
  });
  return {
    name,
    child,
    pid: child.pid,
    logFile,
    exited,
    isRunning: () => running.has(child),
    /** Sends `signal` to the group, then SIGKILL after `graceMs` if it is still there. */
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (!running.has(child)) return exited;
      killGroup(child, signal);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      // Workers that outlive their leader (postgres backends) go with the group.
      killGroup(child, 'SIGKILL');
      return result;
    },
  };
}

/** Polls `check` every `intervalMs` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what,
  check,
  { timeoutMs = 60_000, intervalMs = 250, proc } = {},
) {
  const until = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < until) {
    if (proc && !proc.isRunning()) {
      throw new Error(
        `${what}: ${proc.name} exited early; see ${proc.logFile}`,
      );
    }
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
  throw new Error(
    `${what}: not ready after ${timeoutMs} ms${lastError ? ` (last error: ${lastError.message})` : ''}${
      proc ? `; see ${proc.logFile}` : ''
    }`,
  );
}

/**
 * Starts packages/backend (src/index.ts through Backstage's node transform, after the Node options `nodeArgs`)
 * with app-config.yaml and then the `configs` files. Returns the process handle of `startProcess`.
 */
export function startBackendProcess(
  name,
  { configs, env, logFile, nodeBinary = process.execPath, nodeArgs = [] },
) {
  return startProcess(
    name,
    nodeBinary,
    [
      ...nodeArgs,
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      ...[join(ROOT, 'app-config.yaml'), ...configs].flatMap(file => [
        '--config',
        file,
      ]),
    ],
    { cwd: join(ROOT, 'packages', 'backend'), env, logFile },
  );
}

/** Waits until the backend process `proc` at `url` answers its readiness probe with 2xx. */
export function waitForReadiness(url, { proc, timeoutMs, intervalMs }) {
  return waitFor(
    `${proc.name} readiness`,
    async () => (await fetch(`${url}/.backstage/health/v1/readiness`)).ok,
    { proc, timeoutMs, intervalMs },
  );
}
