// The Debian binaries the production shape runs. A missing one stops the run with the exact command
// that installs it; nothing is skipped.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Newest PostgreSQL server binaries directory (`/usr/lib/postgresql/<major>/bin`), or undefined. */
function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .filter(v => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(base, majors[0], 'bin') : undefined;
}

function onPath(name) {
  return (process.env.PATH ?? '')
    .split(':')
    .some(dir => dir && existsSync(join(dir, name)));
}

/** Returns the paths of every binary the harness needs, or throws naming the apt-get command. */
export function requireBinaries() {
  const pgBin = postgresBinDir();
  const missing = [];
  if (!pgBin) missing.push('postgresql');
  if (!onPath('redis-server')) missing.push('redis-server');
  if (!onPath('prometheus') || !onPath('promtool')) missing.push('prometheus');
  if (process.getuid?.() === 0 && !onPath('runuser'))
    missing.push('util-linux');
  if (missing.length) {
    throw new Error(
      `The production-shape tests need Debian packages that are not installed: ${missing.join(', ')}. ` +
        `Install them with: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  return {
    initdb: join(pgBin, 'initdb'),
    postgres: join(pgBin, 'postgres'),
    redisServer: 'redis-server',
    prometheus: 'prometheus',
  };
}
