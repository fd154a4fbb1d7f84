/*
 * Every golden repository as a cluster receives it: each overlay rendered by the real kustomize
 * (`kubectl kustomize`), every rendered object and every Argo CD object validated against its upstream
 * schema with unknown fields rejected, then the analyzer run on each cluster's environments together.
 * kubectl is required (scripts/ensure-system-deps.sh installs it): this test never skips.
 *
 * kubectl's start-up is most of a render, so each repository's overlays are rendered by one kubectl
 * call, and all repositories' calls start together.
 */
import {
  analyzeManifests,
  KubeObject,
  parseManifests,
} from '@meshport/plugin-service-mesh-common';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { strictValidator } from '../__testUtils__/strictSchemas';

const FIXTURES = join(__dirname, '..', '__fixtures__');
const run = promisify(execFile);

// All kubectl calls run while the schemas load, on a machine that may be shared: past Jest's 5 s.
jest.setTimeout(60_000);

async function kustomizeVersion(): Promise<string> {
  try {
    const { stdout } = await run('kubectl', ['version', '--client']);
    return /Kustomize Version: v(\S+)/.exec(stdout)?.[1] ?? '';
  } catch (e) {
    throw new Error(
      `kubectl is required to render the overlays (run scripts/ensure-system-deps.sh): ${(e as Error).message}`,
    );
  }
}

const key = (o: KubeObject) =>
  `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`;

function readObjects(dir: string): KubeObject[] {
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .sort()
    .flatMap(f => parseManifests(fs.readFileSync(join(dir, f), 'utf8')));
}

/** The cluster an environment deploys to, from its Argo CD Application. */
function clusterOf(caseDir: string, env: string): string {
  const [app] = parseManifests(
    fs.readFileSync(join(caseDir, 'deploy', 'argocd', `${env}.yaml`), 'utf8'),
  );
  return app.spec.destination.server ?? app.spec.destination.name;
}

/** The label that carries an object's overlay out of the combined render (see renderOverlays). */
const OVERLAY_LABEL = 'meshport.test/overlay';

/**
 * Each overlay of `deployDir` as `kubectl kustomize deploy/overlays/<env>` renders it, from one
 * kubectl call: a kustomization per overlay that only labels what the overlay renders with its name
 * (`labels` without selectors or pod templates: the object's own metadata.labels), and one that
 * includes them all (kustomize refuses two objects with one id, so none is lost). Each object goes back
 * to its overlay with the label removed (and the labels map, when the label was its only entry; no
 * fixture has an empty one).
 */
async function renderOverlays(
  deployDir: string,
  overlays: string[],
): Promise<Map<string, KubeObject[]>> {
  const root = fs.mkdtempSync(join(os.tmpdir(), 'meshport-rendered-'));
  try {
    for (const env of overlays) {
      fs.mkdirSync(join(root, env));
      fs.writeFileSync(
        join(root, env, 'kustomization.yaml'),
        [
          'resources:',
          `  - ${relative(join(root, env), join(deployDir, 'overlays', env))}`,
          'labels:',
          `  - pairs: { ${OVERLAY_LABEL}: ${env} }`,
          '    includeSelectors: false',
          '    includeTemplates: false',
          '',
        ].join('\n'),
      );
    }
    fs.writeFileSync(
      join(root, 'kustomization.yaml'),
      `resources: [${overlays.join(', ')}]\n`,
    );
    const { stdout } = await run('kubectl', ['kustomize', root]);
    const byOverlay = new Map(overlays.map(env => [env, [] as KubeObject[]]));
    for (const o of parseManifests(stdout)) {
      const { [OVERLAY_LABEL]: env, ...labels } = o.metadata.labels ?? {};
      const { labels: _tagged, ...metadata } = o.metadata;
      const objects = byOverlay.get(env);
      if (!objects) {
        throw new Error(
          `${o.kind} ${o.metadata.name} came out of the render without its ${OVERLAY_LABEL} label`,
        );
      }
      objects.push({
        ...o,
        metadata: Object.keys(labels).length
          ? { ...metadata, labels }
          : metadata,
      });
    }
    return byOverlay;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const directories = (dir: string) =>
  fs
    .readdirSync(join(FIXTURES, dir), { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => e.name)
    .sort();
const cases = directories('golden');
// The generated repositories, and the same after each GitOps operation (src/gitops/operations.test.ts).
const renderedCases = [
  ...cases.map(c => `golden/${c}`),
  ...directories('gitops').map(c => `gitops/${c}`),
];

describe('golden repositories rendered by kustomize', () => {
  let validate: Awaited<ReturnType<typeof strictValidator>>;
  /** Each case's overlays, rendered; all kubectl calls started at once. */
  const renders = new Map<string, Promise<Map<string, KubeObject[]>>>();

  beforeAll(async () => {
    for (const name of renderedCases) {
      const deployDir = join(FIXTURES, name, 'deploy');
      const render = renderOverlays(
        deployDir,
        fs.readdirSync(join(deployDir, 'overlays')).sort(),
      );
      // Awaited by the case's test; a failure must not surface earlier as an unhandled rejection.
      render.catch(() => undefined);
      renders.set(name, render);
    }
    const [version, validator] = await Promise.all([
      kustomizeVersion(),
      strictValidator(),
    ]);
    // The shared-ingress overlays use the NamespaceTransformer's unsetOnly, new in kustomize 5.0.
    if (!(Number(version.split('.')[0]) >= 5)) {
      throw new Error(
        `kubectl's kustomize is "${version}"; the generated overlays need kustomize 5 (kubectl 1.27 or newer)`,
      );
    }
    validate = validator;
  });

  it('covers the gateway choices', () => {
    expect(cases).toEqual([
      'canary',
      'gateway-api-canary',
      'gateway-self-signed-tls',
      'gateway-shared-ingress',
      'internal-only',
      'three-environments',
    ]);
  });

  it.each(renderedCases)('%s', async name => {
    const caseDir = join(FIXTURES, name);
    const base = readObjects(join(caseDir, 'deploy', 'base'));
    const rendered = [...(await renders.get(name)!)].map(([env, objects]) => ({
      env,
      dir: join(caseDir, 'deploy', 'overlays', env),
      objects,
    }));
    const problems: string[] = [];
    const byCluster = new Map<string, KubeObject[]>();
    for (const { env, dir, objects } of rendered) {
      // kustomize renders exactly the base and the overlay's files, each in the namespace the
      // generator's own analysis assumed: its own (shared-ingress certificates), else the environment's.
      const namespace = objects.find(o => o.kind === 'Namespace')!.metadata
        .name;
      const expected = [...base, ...readObjects(dir)].map(o =>
        key(
          o.kind === 'Namespace' || o.metadata.namespace
            ? o
            : { ...o, metadata: { ...o.metadata, namespace } },
        ),
      );
      expect(objects.map(key).sort()).toEqual(expected.sort());
      for (const o of objects) {
        problems.push(...validate(o).map(p => `${env}: ${key(o)}: ${p}`));
      }
      const cluster = clusterOf(caseDir, env);
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), ...objects]);
    }
    for (const o of readObjects(join(caseDir, 'deploy', 'argocd'))) {
      problems.push(...validate(o).map(p => `argocd: ${key(o)}: ${p}`));
    }
    expect(problems).toEqual([]);
    const errors = [...byCluster.values()]
      .flatMap(objects => analyzeManifests(objects))
      .filter(f => f.severity === 'error');
    expect(errors).toEqual([]);
  });
});
