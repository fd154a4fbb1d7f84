// Jest configuration of the Node LTS check (scripts/node-lts-check.sh): Backstage's own configuration of
// the repository, limited to one side — NODE_LTS_SIDE=backend (backend, backend-plugin(-module),
// node-library and common-library packages) or frontend (every other package) — with better-sqlite3
// resolved to the build for the Node under test in NODE_LTS_NATIVE, since the repository's own build is
// for the machine's Node.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const BACKEND_ROLES = [
  'backend',
  'backend-plugin',
  'backend-plugin-module',
  'node-library',
  'common-library',
];
const side = process.env.NODE_LTS_SIDE;
const native = process.env.NODE_LTS_NATIVE;
if (!['backend', 'frontend'].includes(side) || !native) {
  throw new Error(
    'set NODE_LTS_SIDE (backend or frontend) and NODE_LTS_NATIVE',
  );
}

// Names of the workspace packages on the chosen side, read from their package.json.
const chosen = new Set();
for (const dir of ['packages', 'plugins']) {
  for (const name of fs.readdirSync(path.join(root, dir))) {
    const file = path.join(root, dir, name, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    const isBackend = BACKEND_ROLES.includes(pkg.backstage?.role);
    if (isBackend === (side === 'backend')) chosen.add(pkg.name);
  }
}

module.exports = require(
  path.join(root, 'node_modules/@backstage/cli/config/jest.js'),
).then(config => ({
  ...config,
  projects: config.projects
    .filter(project => chosen.has(project.displayName))
    .map(project => ({
      ...project,
      moduleNameMapper: {
        ...project.moduleNameMapper,
        '^better-sqlite3$': path.join(native, 'better-sqlite3'),
      },
    })),
}));
