/*
 * Starts a real Prometheus on a loopback port, with the synthetic mesh's metrics backfilled by promtool.
 * Used by the integration tests, the benchmark and the production-shape suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  syntheticMesh,
  writeOpenMetrics,
  type SyntheticMesh,
  type SeriesSpec,
  type SyntheticMeshOptions,
} from './syntheticMesh';

/** The exact command that installs what this helper needs on Debian/Ubuntu. */
export const PROMETHEUS_INSTALL_COMMAND =
  'sudo sh -c "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus"';

/** Options of {@link startPrometheus}: the synthetic mesh to backfill, and optionally a fixed port. */
export interface StartPrometheusOptions extends SyntheticMeshOptions {
  /** Loopback port; default: a free port chosen at start. */
  port?: number;
  /** Series written besides the mesh's, over the same range (given the mesh's time range). */
  extraSeries?: (mesh: SyntheticMesh) => SeriesSpec[];
  /**
   * Recording-rule files whose series are backfilled too, over the mesh's range at its sample
   * interval, as if Prometheus had evaluated them all along (promtool `create-blocks-from rules`
   * against this Prometheus, then a restart that loads the blocks).
   */
  recordingRules?: string[];
}

/** A running Prometheus holding the synthetic mesh. */
export interface RunningPrometheus {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  mesh: SyntheticMesh;
  /** Time of the last sample: query with `time=` this (or earlier), never "now". */
  endTimeSec: number;
  /** Number of samples backfilled. */
  samples: number;
  /**
   * Milliseconds spent writing OpenMetrics, running promtool, waiting for Prometheus to be ready, and
   * backfilling the recording rules (with the restart; 0 without them).
   */
  timings: {
    generateMs: number;
    backfillMs: number;
    startMs: number;
    rulesMs: number;
  };
  /** Stops Prometheus and deletes its data. */
  stop(): Promise<void>;
}

function findBinary(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(
    `${name} is not installed; it comes with the Debian package "prometheus" (2.42 or later). Install it with:\n  ${PROMETHEUS_INSTALL_COMMAND}\nthen run the tests again.`,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', d => {
      output = (output + d).slice(-4000);
    });
    child.stderr.on('data', d => {
      output = (output + d).slice(-4000);
    });
    child.once('error', reject);
    child.once('exit', code => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}:\n${output}`,
          ),
        );
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `prometheus exited with ${child.exitCode} before it was ready:\n${log()}`,
      );
    }
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`prometheus was not ready within 60 s:\n${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise(resolve => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Generates the synthetic mesh, backfills it with `promtool tsdb create-blocks-from openmetrics` into a
 * fresh data directory, and starts `prometheus` on 127.0.0.1 with no scrape targets. Fails (never skips)
 * with the install command when the binaries are missing.
 *
 * Backfill quirks handled here: the data must be written series by series in time order (promtool
 * refuses out-of-order samples); promtool cuts it into 2 h blocks that Prometheus compacts in the
 * background after start; time retention is measured from the newest block, not the wall clock, and is
 * set to ten years so a dataset longer than the default 15 days is never trimmed at start; the head
 * stays empty (no scrape targets), so nothing overlaps the backfilled blocks; and the data ends at
 * `endTimeSec`, after which the 5 minute lookback makes series vanish — query with `time=` at (or before)
 * `endTimeSec`, never at the wall clock.
 */
export async function startPrometheus(
  options: StartPrometheusOptions,
): Promise<RunningPrometheus> {
  const prometheus = findBinary('prometheus');
  const promtool = findBinary('promtool');
  const mesh = syntheticMesh(options);
  const dir = await mkdtemp(join(tmpdir(), 'meshport-prometheus-'));
  let child: ChildProcess | undefined;
  try {
    const t0 = Date.now();
    const input = join(dir, 'mesh.om');
    const samples = await writeOpenMetrics(
      mesh,
      input,
      options.extraSeries?.(mesh),
    );
    const t1 = Date.now();
    const data = join(dir, 'data');
    await run(promtool, [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      input,
      data,
    ]);
    await rm(input);
    const t2 = Date.now();
    const configFile = join(dir, 'prometheus.yml');
    await writeFile(
      configFile,
      'global:\n  scrape_interval: 15s\nscrape_configs: []\n',
    );
    const port = options.port ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    const launch = async () => {
      const started = spawn(
        prometheus,
        [
          `--config.file=${configFile}`,
          `--storage.tsdb.path=${data}`,
          '--storage.tsdb.retention.time=3650d',
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child = started;
      let log = '';
      started.stderr?.on('data', d => {
        log = (log + d).slice(-4000);
      });
      await waitReady(url, started, () => log);
      return started;
    };
    let started = await launch();
    const t3 = Date.now();
    if (options.recordingRules?.length) {
      const blocks = join(dir, 'rules');
      await run(promtool, [
        'tsdb',
        'create-blocks-from',
        'rules',
        `--start=${mesh.startSec}`,
        `--end=${mesh.endSec}`,
        `--url=${url}`,
        `--output-dir=${blocks}`,
        `--eval-interval=${mesh.intervalSec}s`,
        '--quiet',
        ...options.recordingRules,
      ]);
      await stopChild(started);
      for (const block of await readdir(blocks)) {
        await rename(join(blocks, block), join(data, block));
      }
      started = await launch();
    }
    const t4 = Date.now();
    return {
      url,
      mesh,
      endTimeSec: mesh.endSec,
      samples,
      timings: {
        generateMs: t1 - t0,
        backfillMs: t2 - t1,
        startMs: t3 - t2,
        rulesMs: t4 - t3,
      },
      stop: async () => {
        await stopChild(started);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopChild(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
