// Preloaded (NODE_OPTIONS=--require) by scripts/node-lts-check.sh into the processes of the browser test:
// the repository's better-sqlite3 is built for the machine's Node, so the backend's
// require('better-sqlite3') is sent to the copy built for the Node under test, in NODE_LTS_NATIVE.
const Module = require('node:module');
const path = require('node:path');

const target = path.join(process.env.NODE_LTS_NATIVE, 'better-sqlite3');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveNative(request, ...rest) {
  return resolveFilename.call(
    this,
    request === 'better-sqlite3' ? target : request,
    ...rest,
  );
};
