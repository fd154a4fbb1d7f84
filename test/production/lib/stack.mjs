// The production shape on loopback: PostgreSQL, Redis, a real Prometheus with backfilled Istio metrics,
// fake Argo CD and Kiali serving the backend's fixture files, two backend replicas of packages/backend
// started with app-config.yaml + app-config.production.yaml, and a round-robin balancer in front of them
// (the replicas' backend.baseUrl, so plugin-to-plugin calls cross replicas as they do behind a real one).
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  readFileSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireBinaries } from './binaries.mjs';
import {
  startFakeUpstream,
  startLoadBalancer,
  startProxy,
} from './httpServers.mjs';
import {
  ROOT,
  startBackendProcess,
  startProcess,
  waitFor,
  waitForReadiness,
} from './processes.mjs';
import { argocdRoute, KIALI_PREFIX, kialiRoute } from './upstreamRoutes.mjs';
import { startMeshPrometheus } from './prometheus.mjs';

export { ROOT };

/** Loopback ports of the production shape. */
export const PORTS = {
  postgres: 15432,
  redis: 16379,
  prometheus: 19190,
  replicaA: 7401,
  replicaB: 7402,
  argocd: 7403,
  kiali: 7405,
  prometheusProxy: 7406,
  balancer: 7408,
  control: 7409,
  standalone: 7410,
};

const secret = () => randomBytes(18).toString('base64url');

function tcpOpen(port) {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function requirePortsFree() {
  const busy = [];
  for (const [name, port] of Object.entries(PORTS)) {
    if (await tcpOpen(port)) busy.push(`${name} ${port}`);
  }
  if (busy.length) {
    throw new Error(
      `Ports of the production shape are already in use (${busy.join(', ')}): another run is still going, or stop what listens there`,
    );
  }
}

/** Runs `cmd` as the `postgres` user when we are root (PostgreSQL refuses to run as root). */
function asDbUser(cmd, args) {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
    : [cmd, args];
}

async function startPostgres(bin, dir, logDir, password) {
  const pgDir = join(dir, 'postgres');
  mkdirSync(pgDir);
  const pwFile = join(pgDir, 'pwfile');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const { uid, gid } = await dbUserIds();
    chownSync(pgDir, uid, gid);
    chownSync(pwFile, uid, gid);
  }
  const logFile = join(logDir, 'postgres.log');
  const [initCmd, initArgs] = asDbUser(bin.initdb, [
    '-D',
    join(pgDir, 'data'),
    '-U',
    'meshport',
    `--pwfile=${pwFile}`,
    '-A',
    'scram-sha-256',
    '--no-sync',
  ]);
  const init = startProcess('initdb', initCmd, initArgs, {
    env: process.env,
    logFile,
  });
  const { code } = await init.exited;
  if (code !== 0)
    throw new Error(`initdb failed with exit code ${code}; see ${logFile}`);
  const [cmd, args] = asDbUser(bin.postgres, [
    '-D',
    join(pgDir, 'data'),
    '-p',
    String(PORTS.postgres),
    '-k',
    pgDir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=300',
  ]);
  const proc = startProcess('postgres', cmd, args, {
    env: process.env,
    logFile,
  });
  await waitFor('PostgreSQL', () => tcpOpen(PORTS.postgres), {
    proc,
    timeoutMs: 30_000,
  });
  return proc;
}

async function dbUserIds() {
  const { readFile } = await import('node:fs/promises');
  const line = (await readFile('/etc/passwd', 'utf8'))
    .split('\n')
    .find(l => l.startsWith('postgres:'));
  if (!line) {
    throw new Error(
      'Running as root needs the postgres system user (created by the postgresql package): apt-get install -y postgresql',
    );
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function startRedis(bin, logDir) {
  const proc = startProcess(
    'redis',
    bin.redisServer,
    [
      '--port',
      String(PORTS.redis),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { env: process.env, logFile: join(logDir, 'redis.log') },
  );
  await waitFor('Redis', () => tcpOpen(PORTS.redis), {
    proc,
    timeoutMs: 15_000,
  });
  return proc;
}

/**
 * Starts the whole production shape. `entitiesYaml` is the catalog file the replicas ingest (written to
 * a temporary location registered in the test config). Returns a handle with `stop()`, which always
 * runs every teardown step.
 */
export async function startStack({
  entitiesYaml,
  logDir,
  nodeBinary = process.execPath,
}) {
  const bin = requireBinaries();
  await requirePortsFree();
  const dir = mkdtempSync(join(tmpdir(), 'meshport-prod-'));
  chmodSync(dir, 0o755);
  // Logs of this run only: the secret scan reads every line of them.
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });

  const secrets = {
    postgresPassword: secret(),
    argocdToken: secret(),
    kialiToken: secret(),
    externalToken: secret(),
  };
  const stoppers = [];
  const stack = {
    dir,
    logDir,
    secrets,
    ports: PORTS,
    balancerUrl: `http://127.0.0.1:${PORTS.balancer}`,
    replicas: {},
    async stop() {
      const errors = [];
      for (const stopper of stoppers.reverse()) {
        try {
          await stopper();
        } catch (error) {
          errors.push(error);
        }
      }
      stoppers.length = 0;
      if (errors.length) throw errors[0];
    },
  };

  // Runs last: the PostgreSQL cluster, the catalog file and the test config go with the stack.
  stoppers.push(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const postgres = await startPostgres(
      bin,
      dir,
      logDir,
      secrets.postgresPassword,
    );
    stoppers.push(() => postgres.stop('SIGINT'));
    stack.postgres = postgres;

    stack.redis = await startRedis(bin, logDir);
    stoppers.push(() => stack.redis.stop());
    stack.restartRedis = async () => {
      stack.redis = await startRedis(bin, logDir);
    };

    stack.prometheus = await startMeshPrometheus({
      dir,
      logDir,
      port: PORTS.prometheus,
    });
    stoppers.push(() => stack.prometheus.stop());
    // The replicas reach Prometheus through a counting proxy, so tests can tell whether they queried it.
    stack.prometheusProxy = await startProxy({
      port: PORTS.prometheusProxy,
      targetPort: PORTS.prometheus,
    });
    stoppers.push(() => stack.prometheusProxy.stop());

    stack.argocd = await startFakeUpstream({
      name: 'argocd',
      port: PORTS.argocd,
      token: secrets.argocdToken,
      route: argocdRoute,
    });
    stoppers.push(() => stack.argocd.stop());
    stack.kiali = await startFakeUpstream({
      name: 'kiali',
      port: PORTS.kiali,
      token: secrets.kialiToken,
      route: kialiRoute,
    });
    stoppers.push(() => stack.kiali.stop());

    const entitiesFile = join(dir, 'entities.yaml');
    writeFileSync(entitiesFile, entitiesYaml);
    const overlay = join(dir, 'app-config.test.yaml');
    writeFileSync(
      overlay,
      JSON.stringify(
        testOverlay(
          entitiesFile,
          secrets,
          `http://127.0.0.1:${PORTS.balancer}`,
        ),
      ),
    );

    stack.balancer = await startLoadBalancer({
      port: PORTS.balancer,
      targets: () =>
        Object.values(stack.replicas)
          .filter(r => r.proc.isRunning())
          .map(r => r.port),
    });
    stoppers.push(() => stack.balancer.stop());

    const replicaEnv = port => ({
      ...process.env,
      NODE_ENV: 'production',
      APP_BASE_URL: stack.balancerUrl,
      BACKEND_BASE_URL: stack.balancerUrl,
      BACKEND_PORT: String(port),
      BACKEND_LISTEN_HOST: '127.0.0.1',
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: String(PORTS.postgres),
      POSTGRES_USER: 'meshport',
      POSTGRES_PASSWORD: secrets.postgresPassword,
      REDIS_URL: `redis://127.0.0.1:${PORTS.redis}`,
      ARGOCD_NAME: 'prod',
      ARGOCD_URL: stack.argocd.url,
      ARGOCD_TOKEN: secrets.argocdToken,
      KIALI_URL: `${stack.kiali.url}${KIALI_PREFIX}`,
      KIALI_TOKEN: secrets.kialiToken,
      PROMETHEUS_URL: stack.prometheusProxy.url,
      MESHPORT_PLATFORM_GROUP: 'group:default/platform',
    });
    const startReplica = async (name, port) => {
      const proc = startBackendProcess(`replica ${name}`, {
        nodeBinary,
        nodeArgs: [
          '--expose-gc',
          '-r',
          join(dirname(fileURLToPath(import.meta.url)), 'memoryProbe.cjs'),
        ],
        configs: [join(ROOT, 'app-config.production.yaml'), overlay],
        env: {
          ...replicaEnv(port),
          MESHPORT_MEMORY_FILE: join(dir, `memory-${name}.json`),
        },
        logFile: join(logDir, `replica-${name}.log`),
      });
      const replica = { name, port, url: `http://127.0.0.1:${port}`, proc };
      stack.replicas[name] = replica;
      await waitForReadiness(replica.url, {
        proc,
        timeoutMs: 240_000,
        intervalMs: 500,
      });
      return replica;
    };
    stack.startReplica = startReplica;
    /**
     * Starts one more backend with the production config files and `env` over the replicas' environment
     * (a value of undefined removes a variable), on its own databases (`backend.database.prefix`) and
     * outside the balancer, so that only it runs the scaffolder tasks created on it. Stopped with the stack.
     */
    stack.startStandaloneBackend = async (name, env) => {
      const port = PORTS.standalone;
      const isolation = join(dir, `app-config.${name}.yaml`);
      writeFileSync(
        isolation,
        JSON.stringify({
          backend: {
            baseUrl: `http://127.0.0.1:${port}`,
            database: { prefix: `meshport_${name}_` },
          },
        }),
      );
      const proc = startBackendProcess(name, {
        nodeBinary,
        configs: [join(ROOT, 'app-config.production.yaml'), overlay, isolation],
        env: Object.fromEntries(
          Object.entries({ ...replicaEnv(port), ...env }).filter(
            ([, value]) => value !== undefined,
          ),
        ),
        logFile: join(logDir, `${name}.log`),
      });
      stoppers.push(() => proc.stop('SIGTERM', 15_000));
      const url = `http://127.0.0.1:${port}`;
      await waitForReadiness(url, {
        proc,
        timeoutMs: 240_000,
        intervalMs: 500,
      });
      return { name, url, proc };
    };
    stoppers.push(async () => {
      await Promise.all(
        Object.values(stack.replicas).map(r => r.proc.stop('SIGTERM', 15_000)),
      );
    });
    // One after the other: the first one creates the databases and runs the migrations.
    await startReplica('a', PORTS.replicaA);
    await startReplica('b', PORTS.replicaB);
    /** Memory of a replica right after a full garbage collection (see memoryProbe.cjs). */
    stack.memoryAfterGc = async name => {
      const file = join(dir, `memory-${name}.json`);
      rmSync(file, { force: true });
      process.kill(stack.replicas[name].proc.pid, 'SIGUSR2');
      let figures;
      await waitFor(
        `memory figures of replica ${name}`,
        () => {
          figures = JSON.parse(readFileSync(file, 'utf8'));
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      return figures;
    };
    return stack;
  } catch (error) {
    await stack.stop().catch(() => {});
    throw error;
  }
}

/** Test-only settings on top of the production config: sign-in, a service token, the test catalog. */
function testOverlay(entitiesFile, secrets) {
  return {
    auth: {
      providers: {
        // The production file keeps guest sign-in off; the tests sign in as a catalog user through it.
        guest: {
          dangerouslyAllowOutsideDevelopment: true,
          userEntityRef: 'user:default/guest',
          ownershipEntityRefs: ['user:default/guest', 'group:default/team-a'],
        },
      },
    },
    backend: {
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: {
              token: secrets.externalToken,
              subject: 'meshport-production-tests',
            },
          },
        ],
      },
    },
    catalog: {
      locations: [
        { type: 'file', target: entitiesFile },
        // The portal's own template, for the hostile template inputs.
        {
          type: 'file',
          target: join(ROOT, 'templates', 'meshed-service', 'template.yaml'),
          rules: [{ allow: ['Template'] }],
        },
      ],
    },
    // A short TTL (production default: 30 s) so that load runs keep reaching the upstreams and their
    // faults; the cache test reads replica B right after replica A.
    serviceMesh: { cacheTtlSeconds: 3 },
  };
}
