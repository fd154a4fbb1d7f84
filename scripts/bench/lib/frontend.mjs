// Section 4: the frontend — the service-mesh plugin's share of the production app bundle (attributed
// byte by byte through the source maps the build emits), and navigation → Service Mesh tab data visible
// in Chromium.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BACKEND_PORT, BACKEND_URL } from './backend.mjs';
import { median, round } from './stats.mjs';
import { ROOT } from './ts.mjs';

const APP = join(ROOT, 'packages/app');
const STATIC = join(APP, 'dist/static');

/** Builds the production app bundle the backend serves; returns the build time. */
export function buildApp() {
  // Per port: a run with another MESHPORT_BENCH_PORT_OFFSET writes its own.
  const overlay = join(
    tmpdir(),
    `meshport-bench-app-config-${BACKEND_PORT}.json`,
  );
  writeFileSync(
    overlay,
    JSON.stringify({
      app: { baseUrl: BACKEND_URL },
      backend: { baseUrl: BACKEND_URL },
    }),
  );
  const started = Date.now();
  const r = spawnSync(
    'npx',
    [
      'backstage-cli',
      'package',
      'build',
      '--config',
      join(ROOT, 'app-config.yaml'),
      '--config',
      overlay,
    ],
    { cwd: APP, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (r.status !== 0) {
    throw new Error(
      `building packages/app failed (exit ${r.status}):\n${(r.stderr || r.stdout).slice(-3000)}`,
    );
  }
  return Date.now() - started;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

/** Decodes one line's segments of a source map `mappings` string (base64 VLQ). */
function* segments(line) {
  let i = 0;
  while (i < line.length) {
    const fields = [];
    while (i < line.length && line[i] !== ',') {
      let value = 0;
      let shift = 0;
      let digit;
      do {
        digit = B64_VALUE.get(line[i++]);
        value += (digit & 31) << shift;
        shift += 5;
      } while (digit & 32);
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    i++;
    yield fields;
  }
}

/**
 * Bytes of `code` per source file of its source map: each mapped segment runs from its column to the
 * next segment's (or the line end); unmapped bytes count as `(unmapped)`.
 */
function bytesBySource(code, map) {
  const bytes = new Map();
  const add = (source, n) => bytes.set(source, (bytes.get(source) ?? 0) + n);
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let source = 0;
  for (let l = 0; l < lines.length; l++) {
    const text = lines[l];
    const lineBytes = Buffer.byteLength(text) + (l < lines.length - 1 ? 1 : 0);
    const segs = [];
    let column = 0;
    for (const f of segments(mappingLines[l] ?? '')) {
      column += f[0];
      if (f.length >= 4) source += f[1];
      segs.push({
        column,
        source: f.length >= 4 ? map.sources[source] : undefined,
      });
    }
    if (segs.length === 0) {
      add('(unmapped)', lineBytes);
      continue;
    }
    add('(unmapped)', Buffer.byteLength(text.slice(0, segs[0].column)));
    for (let s = 0; s < segs.length; s++) {
      const end = s + 1 < segs.length ? segs[s + 1].column : text.length;
      add(
        segs[s].source ?? '(unmapped)',
        Buffer.byteLength(text.slice(segs[s].column, end)),
      );
    }
    if (l < lines.length - 1) add('(unmapped)', 1);
  }
  return bytes;
}

/** The npm package a bundled source path belongs to (`node_modules/<name>/...`), if any. */
function packageOf(source) {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = source.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function readPackageJson(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file))
      return { file, json: JSON.parse(readFileSync(file, 'utf8')) };
    if (dir === dirname(dir)) return undefined;
  }
}

/** Every package reachable through `dependencies` from `names`, resolved as Node would from `fromDir`. */
function closure(names, fromDir) {
  const seen = new Set();
  const queue = names.map(n => [n, fromDir]);
  while (queue.length) {
    const [name, dir] = queue.pop();
    if (seen.has(name)) continue;
    const found = readPackageJson(name, dir);
    if (!found) continue;
    seen.add(name);
    for (const dep of Object.keys(found.json.dependencies ?? {})) {
      queue.push([dep, dirname(found.file)]);
    }
  }
  return seen;
}

const ROADIE = '@roadiehq/backstage-plugin-argo-cd';
const ROADIE_DIR = `node_modules/${ROADIE}/`;

/**
 * The plugins whose share is measured: each one's own code, plus the npm packages only it brings into
 * the app (in its dependency closure, not in the closure of the app's other dependencies), plus the
 * copies npm nests under it because their version differs from the app's (Roadie's older
 * `@backstage/plugin-catalog-react`, for example).
 */
function measuredPlugins(app) {
  const plugins = [
    {
      key: 'serviceMesh',
      name: '@meshport/plugin-service-mesh',
      dir: join(ROOT, 'plugins/service-mesh'),
      ownCode: s => /(^|\/)plugins\/service-mesh(-common)?\/src\//.test(s),
    },
    {
      key: 'roadieArgoCd',
      name: ROADIE,
      dir: join(ROOT, 'node_modules', ROADIE),
      ownCode: s =>
        s.includes(ROADIE_DIR) &&
        !s
          .slice(s.indexOf(ROADIE_DIR) + ROADIE_DIR.length)
          .includes('node_modules/'),
      nested: s => s.includes(`${ROADIE_DIR}node_modules/`),
    },
  ];
  for (const plugin of plugins) {
    const others = closure(
      Object.keys(app.dependencies).filter(n => n !== plugin.name),
      APP,
    );
    const deps = Object.keys(
      JSON.parse(readFileSync(join(plugin.dir, 'package.json'), 'utf8'))
        .dependencies,
    );
    plugin.exclusive = new Set(
      [...closure(deps, plugin.dir)].filter(
        n => !others.has(n) && !n.startsWith('@meshport/'),
      ),
    );
    plugin.nested ??= () => false;
    Object.assign(plugin, { ownRaw: 0, ownGzip: 0, depsRaw: 0, depsGzip: 0 });
    Object.assign(plugin, { nestedRaw: 0, nestedGzip: 0, depsSeen: new Map() });
  }
  return plugins;
}

/**
 * The plugins' shares of the bundle (ours and, beside it, Roadie's Argo CD cards). Gzipped bytes are
 * each chunk's gzipped size split in proportion to the raw bytes attributed in it.
 */
export function bundleShare() {
  const app = JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8'));
  const plugins = measuredPlugins(app);
  let totalRaw = 0;
  let totalGzip = 0;
  let unmapped = 0;
  const jsFiles = readdirSync(STATIC).filter(f => f.endsWith('.js'));
  for (const file of jsFiles) {
    const code = readFileSync(join(STATIC, file));
    const gzip = gzipSync(code, { level: 9 }).length;
    totalRaw += code.length;
    totalGzip += gzip;
    const mapFile = join(STATIC, `${file}.map`);
    if (!existsSync(mapFile)) {
      unmapped += code.length;
      continue;
    }
    const bytes = bytesBySource(
      code.toString('utf8'),
      JSON.parse(readFileSync(mapFile, 'utf8')),
    );
    for (const [source, n] of bytes) {
      const share = (n / code.length) * gzip;
      const pkg = packageOf(source);
      for (const p of plugins) {
        if (p.ownCode(source)) {
          p.ownRaw += n;
          p.ownGzip += share;
        } else if (p.nested(source)) {
          p.nestedRaw += n;
          p.nestedGzip += share;
          p.depsSeen.set(
            `${pkg} (nested)`,
            (p.depsSeen.get(`${pkg} (nested)`) ?? 0) + share,
          );
        } else if (
          pkg &&
          p.exclusive.has(pkg) &&
          !source.includes(`${ROADIE_DIR}node_modules/`)
        ) {
          p.depsRaw += n;
          p.depsGzip += share;
          p.depsSeen.set(pkg, (p.depsSeen.get(pkg) ?? 0) + share);
        }
      }
    }
  }
  const kb = b => round(b / 1024, 1);
  const shareOf = p => {
    if (p.ownRaw === 0) {
      throw new Error(
        `no bytes of ${p.name} found in the bundle: is the plugin still in packages/app?`,
      );
    }
    const gzip = p.ownGzip + p.depsGzip + p.nestedGzip;
    return {
      pluginCodeKbRaw: kb(p.ownRaw),
      pluginCodeKbGzip: kb(p.ownGzip),
      exclusiveDependenciesKbRaw: kb(p.depsRaw + p.nestedRaw),
      exclusiveDependenciesKbGzip: kb(p.depsGzip + p.nestedGzip),
      nestedCopiesKbGzip: kb(p.nestedGzip),
      exclusiveDependencies: Object.fromEntries(
        [...p.depsSeen].sort((a, b) => b[1] - a[1]).map(([n, g]) => [n, kb(g)]),
      ),
      pluginShareKbGzip: kb(gzip),
      pluginSharePercent: round((gzip / totalGzip) * 100, 1),
    };
  };
  const [serviceMesh, roadie] = plugins;
  return {
    files: jsFiles.length,
    appTotalKbRaw: kb(totalRaw),
    appTotalKbGzip: kb(totalGzip),
    ...shareOf(serviceMesh),
    roadieArgoCd: shareOf(roadie),
    filesWithoutSourceMapKb: kb(unmapped),
  };
}

/**
 * In Chromium (e2e/browser.mjs): signs in, then per sample opens an entity's page and clicks the Service
 * Mesh tab, timing click → its data (the environment's "Namespace … · workload …" line) visible; and
 * once a direct load of a tab URL, timing navigation start → data visible.
 */
export async function navigationSection({ components, workloads, tabSamples }) {
  process.env.E2E_BASE_URL = BACKEND_URL;
  const { launch, signIn } = await import('../../../e2e/browser.mjs');
  const { context, page } = await launch();
  try {
    await signIn(page);
    const tab = [];
    for (let i = 0; i < tabSamples; i++) {
      const c = components[i];
      const w = workloads[i];
      await page.goto(
        `${BACKEND_URL}/catalog/default/component/${c.metadata.name}`,
      );
      const link = page.getByRole('tab', { name: 'Service Mesh' });
      await link.waitFor();
      const started = Date.now();
      await link.click();
      await page
        .getByText(`Namespace ${w.namespace} · workload ${w.workload}`)
        .waitFor();
      tab.push(Date.now() - started);
    }
    const c = components[tabSamples];
    const w = workloads[tabSamples];
    const started = Date.now();
    await page.goto(
      `${BACKEND_URL}/catalog/default/component/${c.metadata.name}/service-mesh`,
    );
    await page
      .getByText(`Namespace ${w.namespace} · workload ${w.workload}`)
      .waitFor();
    const direct = Date.now() - started;
    return {
      tabClickToDataMs: median(tab),
      tabSamplesMs: tab,
      directLoadToDataMs: direct,
    };
  } finally {
    await context.close();
  }
}

const settled = async fn => {
  try {
    return await fn();
  } catch (error) {
    return { error: error.message };
  }
};

/**
 * Section 4 in one go, against the running backend: build the app, attribute the bundle, then the
 * browser timings. The build comes right before its use because packages/app/dist is shared: another
 * build in the same checkout (the e2e suite) replaces it, which is named in the error if it happens.
 */
export async function frontendSection({ components, workloads, tabSamples }) {
  const build = await settled(async () => ({ ms: buildApp() }));
  if (build.error) {
    const reason = { error: `the app build failed: ${build.error}` };
    return { build, bundle: reason, navigation: reason };
  }
  const builtAt = statSync(join(APP, 'dist/index.html')).mtimeMs;
  const replaced = () =>
    statSync(join(APP, 'dist/index.html')).mtimeMs !== builtAt
      ? ' (packages/app/dist was rebuilt by another process during the run)'
      : '';
  const bundle = await settled(async () => bundleShare());
  const navigation = await settled(() =>
    navigationSection({ components, workloads, tabSamples }),
  );
  if (navigation.error) navigation.error += replaced();
  if (bundle.error) bundle.error += replaced();
  return { build, bundle, navigation };
}
