// Summarises a V8 .cpuprofile (as `npm run bench -- --cpu-prof` writes them): the top functions by self
// time and by inclusive time, and self time by package or file. With `--phase <name>` only the samples
// taken while the bench ran that phase count (phases.json beside the profile; a name that ran several
// times counts each window).
//
//   node scripts/bench/profile-summary.mjs bench-results/profiles/<label>[/<file>.cpuprofile] [--phase <name>] [--top 25]
//
// Given a backend's directory, it reads the profile of the thread that did the most work (the main
// thread; the other is the module loader's hooks thread).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './lib/ts.mjs';

const args = process.argv.slice(2);
const option = name => {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined) throw new Error(`${name} needs a value`);
  args.splice(i, 2);
  return value;
};
const phaseName = option('--phase');
const top = Number(option('--top') ?? 25);
const [file] = args;
if (!file || args.length > 1 || !Number.isInteger(top) || top < 1) {
  console.error(
    'usage: node scripts/bench/profile-summary.mjs <file.cpuprofile> [--phase <name>] [--top <n>]',
  );
  process.exit(2);
}

const busyUs = p => {
  const idle = new Set(
    p.nodes
      .filter(n => ['(idle)', '(program)'].includes(n.callFrame.functionName))
      .map(n => n.id),
  );
  return p.samples.reduce(
    (sum, id, i) => sum + (idle.has(id) ? 0 : (p.timeDeltas[i + 1] ?? 0)),
    0,
  );
};
const candidates = statSync(file).isDirectory()
  ? readdirSync(file)
      .filter(f => f.endsWith('.cpuprofile'))
      .map(f => join(file, f))
  : [file];
if (candidates.length === 0) throw new Error(`no .cpuprofile in ${file}`);
const [profile, chosenFile] = candidates
  .map(f => [JSON.parse(readFileSync(f, 'utf8')), f])
  .sort((a, b) => busyUs(b[0]) - busyUs(a[0]))[0];
// phases.json sits in bench-results/profiles/, above the backends' directories.
const profilesDir = join(chosenFile, '..', '..');
const nodes = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) {
  for (const child of n.children ?? []) parent.set(child, n.id);
}

/** The windows (µs, monotonic) of the chosen phase inside this profile; everything when none is chosen. */
function windows() {
  if (!phaseName) return [[profile.startTime, profile.endTime]];
  const phasesFile = join(profilesDir, 'phases.json');
  if (!existsSync(phasesFile)) throw new Error(`no ${phasesFile}`);
  const all = JSON.parse(readFileSync(phasesFile, 'utf8'));
  const inside = all.filter(
    p => p.startUs >= profile.startTime && p.endUs <= profile.endTime,
  );
  const chosen = inside.filter(p => p.name === phaseName);
  if (chosen.length === 0) {
    const names = [...new Set(inside.map(p => p.name))];
    throw new Error(
      `no phase "${phaseName}" in this profile (its phases: ${names.join('; ') || 'none'})`,
    );
  }
  return chosen.map(p => [p.startUs, p.endUs]);
}

const short = url => {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm !== -1) return path.slice(nm + 'node_modules/'.length);
  return path.startsWith('/') ? relative(ROOT, path) : path;
};
/** A package (`@scope/name`, `node:internal`) or, for the repository's own code, its file. */
const ownerOf = ({ url, functionName }) => {
  const s = short(url);
  // (idle), (program), (garbage collector), and builtins without a script.
  if (!s) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.includes('node_modules/')) {
    const parts = s.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (s.startsWith('node:')) return 'node:internal';
  return s;
};
const label = n => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = short(url);
  return `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
};

const ranges = windows();
const self = new Map();
const inclusive = new Map();
const byOwner = new Map();
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
let total = 0;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  // A sample stands for the time until the next one.
  const us = profile.timeDeltas[i + 1] ?? 0;
  if (!ranges.some(([from, to]) => t >= from && t < to)) continue;
  const node = nodes.get(profile.samples[i]);
  total += us;
  add(self, label(node), us);
  add(byOwner, ownerOf(node.callFrame), us);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const key = label(nodes.get(id));
    if (!seen.has(key)) {
      seen.add(key);
      add(inclusive, key, us);
    }
  }
}

const ms = us => (us / 1000).toFixed(1).padStart(9);
const pct = us =>
  `${((100 * us) / Math.max(total, 1)).toFixed(1).padStart(5)}%`;
function print(title, map) {
  console.log(`\n${title}`);
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([key, us]) => console.log(`${ms(us)} ms ${pct(us)}  ${key}`));
}
const wall = ranges.reduce((sum, [from, to]) => sum + (to - from), 0);
console.log(
  `${relative(ROOT, chosenFile)}${phaseName ? `, phase "${phaseName}" (${ranges.length} window(s), ${(wall / 1000).toFixed(0)} ms wall)` : ''}: ${(total / 1000).toFixed(0)} ms sampled`,
);
print('Self time by package / own file', byOwner);
print('Self time by function', self);
print('Inclusive time by function', inclusive);
