/*
 * Every golden repository as a cluster receives it: each overlay rendered by the real kustomize
 * (`kubectl kustomize`), every rendered object and every Argo CD object validated against its upstream
 * schema with unknown fields rejected, then the analyzer run on each cluster's environments together.
 * kubectl is required (scripts/ensure-system-deps.sh installs it): this test never skips.
 */
import {
  analyzeManifests,
  KubeObject,
  parseManifests,
} from '@meshport/plugin-service-mesh-common';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strictValidator } from '../__testUtils__/strictSchemas';

const FIXTURES = join(__dirname, '..', '__fixtures__');
const run = promisify(execFile);

function kustomizeVersion(): string {
  try {
    const out = execFileSync('kubectl', ['version', '--client'], {
      encoding: 'utf8',
    });
    return /Kustomize Version: v(\S+)/.exec(out)?.[1] ?? '';
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

  beforeAll(async () => {
    const version = kustomizeVersion();
    // The shared-ingress overlays use the NamespaceTransformer's unsetOnly, new in kustomize 5.0.
    if (!(Number(version.split('.')[0]) >= 5)) {
      throw new Error(
        `kubectl's kustomize is "${version}"; the generated overlays need kustomize 5 (kubectl 1.27 or newer)`,
      );
    }
    validate = await strictValidator();
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
    const overlays = fs.readdirSync(join(caseDir, 'deploy', 'overlays')).sort();
    const base = readObjects(join(caseDir, 'deploy', 'base'));
    const rendered = await Promise.all(
      overlays.map(async env => {
        const dir = join(caseDir, 'deploy', 'overlays', env);
        const { stdout } = await run('kubectl', ['kustomize', dir]);
        return { env, dir, objects: parseManifests(stdout) };
      }),
    );
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
