// The unit and integration tests on a busy machine (issue 17): starts one busy loop per core, bounded
// by --max-seconds so that it stops by itself, runs every package's jest tests as `npm test` does, and
// prints the ten slowest test files. `--idle` runs without the busy loops; `--in-band` runs the files
// one at a time in one process instead of two workers, so that each file's time is its own on the
// machine (with two workers a file shares the cores with the other worker's file). Exits with jest's
// exit code.
//   node scripts/jest-busy.mjs [--idle] [--in-band] [--max-seconds 1800]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const idle = args.includes('--idle');
const inBand = args.includes('--in-band');
const maxIndex = args.indexOf('--max-seconds');
const maxSeconds = maxIndex >= 0 ? Number(args[maxIndex + 1]) : 1800;
const unknown = args.filter(
  (a, i) =>
    !['--idle', '--in-band', '--max-seconds'].includes(a) &&
    !(maxIndex >= 0 && i === maxIndex + 1),
);
if (unknown.length) {
  console.error(
    `Unknown arguments: ${unknown.join(' ')} (the options are --idle, --in-band, --max-seconds N)`,
  );
  process.exit(2);
}
if (!Number.isInteger(maxSeconds) || maxSeconds <= 0) {
  console.error('--max-seconds: a whole number of seconds above 0');
  process.exit(2);
}

const cores = availableParallelism();
const loops = idle
  ? []
  : Array.from({ length: cores }, () =>
      spawn(
        process.execPath,
        [
          '-e',
          `const end = Date.now() + ${maxSeconds * 1000}; while (Date.now() < end);`,
        ],
        { stdio: 'ignore' },
      ),
    );
const stopLoops = () => loops.forEach(loop => loop.kill('SIGKILL'));
process.on('exit', stopLoops);
console.log(
  `${
    idle
      ? '== jest on this machine as it is'
      : `== jest with ${cores} busy loops (one per core, stopping after ${maxSeconds} s at the latest)`
  }${inBand ? ', one file at a time' : ', two workers'}`,
);

const report = join(
  mkdtempSync(join(tmpdir(), 'meshport-jest-')),
  'report.json',
);
const started = Date.now();
const jest = spawn(
  'npx',
  [
    'backstage-cli',
    'repo',
    'test',
    inBand ? '--runInBand' : '--maxWorkers=2',
    '--json',
    `--outputFile=${report}`,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } },
);
const code = await new Promise(resolve =>
  jest.on('exit', c => resolve(c ?? 1)),
);
stopLoops();

const { testResults, numPassedTests, numFailedTests } = JSON.parse(
  readFileSync(report, 'utf8'),
);
const files = testResults
  .map(r => ({ file: relative(root, r.name), ms: r.endTime - r.startTime }))
  .sort((a, b) => b.ms - a.ms);
console.log(
  `\n${numPassedTests} passed, ${numFailedTests} failed, ${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg()
    .map(l => l.toFixed(1))
    .join(' / ')}`,
);
console.log('slowest ten files:');
for (const { file, ms } of files.slice(0, 10)) {
  console.log(`${(ms / 1000).toFixed(1).padStart(7)} s  ${file}`);
}
process.exit(code);
