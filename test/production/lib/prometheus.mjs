// The production shape's Prometheus: the backend package's launcher (real prometheus, synthetic Istio
// metrics backfilled with promtool) on the fixed port, with a restart for the fault suite. The harness
// process runs under @backstage/cli's node transform, so the TypeScript launcher loads as CommonJS.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Registers the TypeScript transform for the dynamic imports below.
createRequire(import.meta.url)('@backstage/cli/config/nodeTransform.cjs');

const prometheusTestUtils = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../plugins/service-mesh-backend/src/__testUtils__/prometheus',
);

/** Workloads of the synthetic mesh (`steady-0`, `burst-1`, ... in namespace `mesh-0`). */
export const MESH_WORKLOADS = 10;

async function loadLauncher() {
  const module = await import(join(prometheusTestUtils, 'startPrometheus.ts'));
  return module.default ?? module;
}

/** Loads the synthetic mesh module (workload formula and expected answers). */
export async function loadSyntheticMesh() {
  const module = await import(join(prometheusTestUtils, 'syntheticMesh.ts'));
  return module.default ?? module;
}

/**
 * Starts Prometheus on `port` with 30 minutes of metrics ending at the last whole minute. `restart()`
 * stops it and starts it again with the same data (the fault suite's "Prometheus restarted").
 */
export async function startMeshPrometheus({ port }) {
  const { startPrometheus } = await loadLauncher();
  const options = {
    workloads: MESH_WORKLOADS,
    minutes: 30,
    port,
    endSec: Math.floor(Date.now() / 60_000) * 60,
  };
  let running = await startPrometheus(options);
  return {
    url: running.url,
    mesh: running.mesh,
    endTimeSec: running.endTimeSec,
    timings: running.timings,
    /** Stops Prometheus, leaves it down for `downMs`, and starts it again with the same data. */
    async restart(downMs = 0) {
      await running.stop();
      running = undefined;
      await new Promise(r => setTimeout(r, downMs));
      running = await startPrometheus(options);
    },
    async stop() {
      if (running) await running.stop();
      running = undefined;
    },
  };
}
