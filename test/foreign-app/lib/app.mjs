// Where the generated app runs in the test: its backend (serving the new-system app) and a static server
// for the legacy app, on loopback ports of their own.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { ROOT, startProcess } from '../../production/lib/processes.mjs';

/** The backend, which also serves the new-system app (packages/app) through the app backend. */
export const BACKEND_URL = 'http://127.0.0.1:7041';
/** The legacy app (packages/app-legacy), served from its build. */
export const LEGACY_URL = 'http://127.0.0.1:3041';

/** The app's own configuration, then the test's, then `extra` files. */
export function configArgs(appDir, ...extra) {
  return [
    join(appDir, 'app-config.yaml'),
    join(appDir, 'app-config.test.yaml'),
    ...extra,
  ].flatMap(file => ['--config', file]);
}

/**
 * Starts the app's backend from its sources, as `backstage-cli package start` runs it but without the
 * file watcher, which would keep a crashed backend's process waiting for changes.
 */
export function startBackend(appDir, logFile, ...extraConfig) {
  return startProcess(
    'backend',
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      ...configArgs(appDir, ...extraConfig),
    ],
    {
      cwd: join(appDir, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      logFile,
    },
  );
}

/**
 * The test's configuration on top of the app's: loopback URLs, this repository's example estate and
 * template in the catalog, and Roadie's proxy path pointed at this backend's sandbox Argo CD. The
 * sandbox seeds the example checkout as a Git repository under `localRepos` (a directory of the test's
 * own); the catalog reads its catalog-info.yaml as a file location.
 */
export function testConfig(localRepos) {
  return {
    serviceMeshScaffolder: {
      localPublish: { enabled: true, directory: localRepos },
    },
    app: { baseUrl: BACKEND_URL },
    backend: {
      baseUrl: BACKEND_URL,
      listen: { port: Number(new URL(BACKEND_URL).port), host: '127.0.0.1' },
      cors: { origin: [BACKEND_URL, LEGACY_URL] },
    },
    catalog: {
      locations: [
        {
          type: 'file',
          target: join(ROOT, 'examples/all.yaml'),
          rules: [
            {
              allow: [
                'Component',
                'System',
                'Domain',
                'Group',
                'User',
                'Location',
              ],
            },
          ],
        },
        {
          type: 'file',
          target: join(ROOT, 'templates/meshed-service/template.yaml'),
          rules: [{ allow: ['Template'] }],
        },
        {
          type: 'file',
          target: join(localRepos, 'checkout', 'catalog-info.yaml'),
          rules: [{ allow: ['Component'] }],
        },
      ],
    },
    proxy: {
      endpoints: {
        '/argocd/api': {
          target: `${BACKEND_URL}/api/service-mesh/sandbox/argocd/api/v1`,
          credentials: 'forward',
        },
      },
    },
  };
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Serves a built app at LEGACY_URL: its files, and index.html for every other path (client routing). */
export function serveStatic(distDir) {
  const server = createServer((req, res) => {
    const path = normalize(
      decodeURIComponent(new URL(req.url, LEGACY_URL).pathname),
    );
    const file = join(distDir, path);
    const found =
      file.startsWith(distDir) && existsSync(file) && statSync(file).isFile();
    const served = found ? file : join(distDir, 'index.html');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(served)] ?? 'application/octet-stream',
    });
    createReadStream(served).pipe(res);
  });
  const { hostname, port } = new URL(LEGACY_URL);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), hostname, () => resolve(server));
  });
}
