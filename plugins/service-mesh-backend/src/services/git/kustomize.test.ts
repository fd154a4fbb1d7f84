/*
 * The in-process kustomize against the real one (`kubectl kustomize`, kustomize v5): every overlay of
 * the existing-repository fixture, of Meshport's golden repositories and of a tree using each rendered
 * feature must render to exactly the objects kustomize renders. kubectl is required
 * (scripts/ensure-system-deps.sh installs it): this test never skips.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  parseManifests,
  type KubeObject,
} from '@meshport/plugin-service-mesh-common';
import { kustomizationDirs, kustomizeBuild } from './kustomize';
import type { ManifestFile } from './ManifestSource';

const FIXTURES = resolvePackagePath(
  '@meshport/plugin-service-mesh-backend',
  'src/__fixtures__',
);
const GOLDEN = resolvePackagePath(
  '@meshport/plugin-scaffolder-backend-module-service-mesh',
  'src/__fixtures__/golden',
);

/** Every file under `dir`, as the URL reader serves a tree: paths relative to it. */
function readTree(dir: string): ManifestFile[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name))
    .map(path => ({
      path: relative(dir, path),
      text: fs.readFileSync(path, 'utf8'),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

const key = (o: KubeObject) =>
  `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`;
const sorted = (objects: KubeObject[]) =>
  [...objects].sort((a, b) => key(a).localeCompare(key(b)));

/**
 * The objects of all `overlays`, as kustomize renders them: one `kubectl kustomize` of a kustomization
 * that includes them all (kustomize refuses two objects with one id, so nothing is lost).
 */
function kubectlKustomize(files: ManifestFile[], overlays: string[]) {
  const root = fs.mkdtempSync(join(os.tmpdir(), 'meshport-kustomize-'));
  try {
    for (const file of files) {
      fs.mkdirSync(join(root, file.path, '..'), { recursive: true });
      fs.writeFileSync(join(root, file.path), file.text);
    }
    fs.mkdirSync(join(root, 'meshport-all'));
    fs.writeFileSync(
      join(root, 'meshport-all', 'kustomization.yaml'),
      `resources:\n${overlays.map(o => `  - ../${o}\n`).join('')}`,
    );
    const out = execFileSync(
      'kubectl',
      ['kustomize', join(root, 'meshport-all')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return sorted(parseManifests(out));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The overlays rendered here (with any problems) and by kustomize. */
function renderBoth(files: ManifestFile[], overlays: string[]) {
  const mine = overlays.map(dir => kustomizeBuild(files, dir));
  return {
    problems: mine.flatMap(b => b.problems),
    mine: sorted(mine.flatMap(b => b.objects)),
    kustomize: kubectlKustomize(files, overlays),
  };
}

/** A tree using every rendered feature, in kustomize's order of application. */
const FEATURES: ManifestFile[] = [
  {
    path: 'base/kustomization.yaml',
    text: `
resources: [objects.yaml, ../nested]
`,
  },
  {
    path: 'base/objects.yaml',
    text: `
apiVersion: v1
kind: Namespace
metadata: { name: placeholder }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader }
rules: []
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: edge, labels: { tier: edge } }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 80, name: http, protocol: HTTP }
      hosts: [a.example.com, b.example.com]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: internal }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 8080, name: http, protocol: HTTP }
      hosts: [internal.example.com]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: pinned, namespace: platform }
data: { mode: base, extra: drop-me }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: doomed }
data: {}
`,
  },
  {
    path: 'nested/kustomization.yaml',
    text: `
namePrefix: inner-
resources: [route.yaml]
`,
  },
  {
    path: 'nested/route.yaml',
    text: `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web }
spec:
  hostnames: [web.example.com]
  rules: [{ backendRefs: [{ name: web, port: 80 }] }]
`,
  },
  {
    path: 'overlay/kustomization.yaml',
    text: `
bases: [../base]
namespace: team
namePrefix: pre-
nameSuffix: -suf
patchesStrategicMerge:
  - |-
    apiVersion: v1
    kind: ConfigMap
    metadata: { name: pinned, namespace: platform }
    data: { mode: patched, extra: null }
  - delete.yaml
patches:
  - target: { kind: Gateway, labelSelector: tier=edge }
    patch: |-
      - op: add
        path: /spec/servers/0/hosts/-
        value: c.example.com
      - op: remove
        path: /spec/servers/0/hosts/0
  - target: { group: gateway.networking.k8s.io, kind: HTTPRoute, name: inner-.* }
    patch: |-
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: { name: ignored }
      spec:
        hostnames: [route.example.com]
patchesJson6902:
  - target: { group: networking.istio.io, version: v1, kind: Gateway, name: internal }
    patch: |-
      - op: replace
        path: /spec/servers/0/port/number
        value: 9090
`,
  },
  {
    path: 'overlay/delete.yaml',
    text: `
apiVersion: v1
kind: ConfigMap
metadata: { name: doomed }
$patch: delete
`,
  },
  {
    path: 'unset/kustomization.yaml',
    text: `
resources: [../base]
transformers:
  - |-
    apiVersion: builtin
    kind: NamespaceTransformer
    metadata: { name: environment-namespace, namespace: unset-only }
    unsetOnly: true
`,
  },
];

describe('kustomizeBuild', () => {
  it('renders the existing repository fixture as kustomize does', () => {
    const files = readTree(join(FIXTURES, 'existing-repo', 'deploy'));
    expect(kustomizationDirs(files)).toEqual([
      'base',
      'overlays/dev',
      'overlays/prod',
      'overlays/staging',
    ]);
    const both = renderBoth(files, [
      'overlays/dev',
      'overlays/staging',
      'overlays/prod',
    ]);
    expect(both.problems).toEqual([]);
    expect(both.mine).toEqual(both.kustomize);
    // The hosts each environment serves, as the cross-environment rules see them.
    const hosts = (dir: string) =>
      kustomizeBuild(files, dir)
        .objects.filter(o => o.kind === 'Gateway')
        .map(o => [o.metadata.namespace, o.spec.servers[0].hosts]);
    expect(hosts('overlays/dev')).toEqual([
      ['shop-dev', ['checkout-dev.example.com']],
    ]);
    expect(hosts('overlays/prod')).toEqual([
      ['shop', ['checkout.example.com']],
    ]);
  });

  it.each(fs.readdirSync(GOLDEN).sort())(
    "renders Meshport's golden repository %s as kustomize does",
    name => {
      const files = readTree(join(GOLDEN, name, 'deploy'));
      const overlays = kustomizationDirs(files).filter(d =>
        d.startsWith('overlays/'),
      );
      expect(overlays.length).toBeGreaterThan(0);
      const both = renderBoth(files, overlays);
      expect(both.problems).toEqual([]);
      expect(both.mine).toEqual(both.kustomize);
    },
  );

  it('renders resources, bases, patches of every kind, namespace, prefix, suffix and unsetOnly transformers as kustomize does', () => {
    const both = renderBoth(FEATURES, ['overlay', 'unset']);
    expect(both.problems).toEqual([]);
    expect(both.mine).toEqual(both.kustomize);
  });

  it('names what it cannot render instead of guessing', () => {
    const files: ManifestFile[] = [
      {
        path: 'overlays/prod/kustomization.yaml',
        text: `
resources:
  - https://github.com/acme/platform//gateways?ref=v1
  - ../../../outside
  - missing.yaml
components: [../../components/tls]
transformers:
  - |-
    apiVersion: builtin
    kind: PrefixSuffixTransformer
    metadata: { name: x }
patches:
  - patch: |-
      - op: remove
        path: /spec
`,
      },
    ];
    expect(kustomizeBuild(files, 'overlays/prod')).toEqual({
      objects: [],
      problems: [
        'overlays/prod/kustomization.yaml: components is not rendered by Meshport',
        'overlays/prod/kustomization.yaml resources[0]: https://github.com/acme/platform//gateways?ref=v1 is a remote resource, which Meshport does not fetch',
        'overlays/prod/kustomization.yaml resources[1]: ../../../outside is outside the manifests read (meshport.io/manifests)',
        'overlays/prod/kustomization.yaml resources[2]: missing.yaml is neither a file nor a directory with a kustomization in the manifests read',
        'overlays/prod/kustomization.yaml patches[0]: a JSON 6902 patch needs a target',
        'overlays/prod/kustomization.yaml transformers[0]: the transformer PrefixSuffixTransformer is not rendered by Meshport (only builtin NamespaceTransformers without fieldSpecs are)',
      ],
    });
    expect(kustomizeBuild(files, 'overlays/dev').problems).toEqual([
      'overlays/dev: no kustomization.yaml in this directory',
    ]);
  });
});
