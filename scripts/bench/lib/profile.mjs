// `npm run bench -- --cpu-prof`: every backend the bench starts writes V8 CPU profiles of its whole
// life to bench-results/profiles/<label>/, and the bench records when each measured phase ran
// (profiles/phases.json), on the monotonic clock V8 stamps the profile's samples with, so that
// `node scripts/bench/profile-summary.mjs <label dir> --phase <name>` reads one phase of one backend.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ts.mjs';

/** Where the profiles and the phase windows go (bench-results/ is git-ignored). */
export const PROFILE_DIR = join(ROOT, 'bench-results', 'profiles');

let enabled = false;
const phases = [];

/** Turns profiling on for the backends started from now on. */
export function enableCpuProfiles() {
  enabled = true;
  mkdirSync(PROFILE_DIR, { recursive: true });
}

/**
 * The node arguments that make a backend labelled `label` write its profiles (none when off): one file
 * per thread (the main thread, and the module loader's hooks thread the TypeScript transform runs in)
 * in bench-results/profiles/<label>/.
 */
export function cpuProfArgs(label) {
  if (!enabled) return [];
  const dir = join(PROFILE_DIR, label.replace(/[^A-Za-z0-9=.-]+/g, '-'));
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** Microseconds on the monotonic clock (the clock of a .cpuprofile's startTime and samples). */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Runs `fn` and records its window as phase `name` (only when profiling). */
export async function phase(name, fn) {
  if (!enabled) return fn();
  const startUs = nowUs();
  try {
    return await fn();
  } finally {
    phases.push({ name, startUs, endUs: nowUs() });
    writeFileSync(
      join(PROFILE_DIR, 'phases.json'),
      `${JSON.stringify(phases, null, 2)}\n`,
    );
  }
}
