/*
 * The platform generator: golden trees for four sets of wizard choices, byte for byte; every object
 * validated strictly against its upstream schema; every Helm value a key of the pinned chart's own
 * values.yaml (src/__fixtures__/helm-values, read from the upstream repositories at the pinned tags);
 * sync waves that create every CRD and namespace before their first user; no key material.
 * After an intended change of the output, regenerate the trees and review the diff:
 *   UPDATE_GOLDEN=1 CI=true npx backstage-cli package test src/platform/platform.test.ts
 */
import { parseManifests } from '@meshport/plugin-service-mesh-common';
import fs from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { strictValidator } from '../__testUtils__/strictSchemas';
import type { RepoLocation } from '../generator/planned';
import { PlatformInput, validatePlatformInput } from '../spec/platform';
import { IstioVersion, platformCharts } from './charts';
import { generatePlatform } from '.';

const FIXTURES = join(__dirname, '..', '__fixtures__');
const GOLDEN = join(FIXTURES, 'golden-platform');
const repo: RepoLocation = {
  cloneUrl: 'https://github.com/acme/mesh-platform.git',
  sourceLocation: 'url:https://github.com/acme/mesh-platform/tree/main/',
  manifestsLocation:
    'url:https://github.com/acme/mesh-platform/tree/main/platform',
};
const common = {
  owner: 'group:default/platform-team',
  repoUrl: repo.cloneUrl,
};

const twoClusters = [
  { name: 'east', server: 'https://east.k8s.example.com' },
  { name: 'west', server: 'west-cluster' },
];

const cases: Record<string, PlatformInput> = {
  'one-cluster-istio-csr': {
    ...common,
    name: 'mesh',
    clusters: [{ name: 'prod' }],
  },
  'plugin-cacerts-reuse': {
    ...common,
    name: 'shop-mesh',
    description: 'The shop mesh',
    clusters: [{ name: 'dev', server: 'https://dev.k8s.example.com:6443' }],
    istioVersion: '1.30.3',
    ca: 'plugin-cacerts',
    gatewayService: 'NodePort',
    size: 'medium',
    observability: {
      prometheus: { mode: 'reuse', url: 'http://prometheus.monitoring:9090' },
      grafana: { mode: 'reuse', url: 'https://grafana.example.com' },
    },
    argocdUrl: 'https://argocd.example.com',
  },
  'two-clusters-large': {
    ...common,
    name: 'global',
    clusters: twoClusters,
    caRoot: 'per-cluster',
    size: 'large',
    observability: {
      jaeger: { mode: 'reuse', url: 'http://jaeger-query.tracing:16686' },
    },
  },
  // Several clusters: one shared root by default.
  'two-clusters-shared-root': {
    ...common,
    name: 'global',
    clusters: twoClusters,
  },
};

async function generated(name: string) {
  return generatePlatform(validatePlatformInput(cases[name]), repo);
}

function readTree(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** The Kubernetes objects of a golden tree (Argo CD files and plain manifests), by file. */
function objectsOf(tree: Record<string, string>) {
  return Object.entries(tree)
    .filter(([p]) => p.endsWith('.yaml') && /^(argocd|platform)\//.test(p))
    .flatMap(([path, text]) =>
      parseManifests(text).map(object => ({ path, object })),
    );
}

/** The dotted key paths of Helm values, not descending into lists or into a chart's free-form maps. */
function valueKeys(value: unknown, prefix: string, open: string[]): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return open.includes(key) ? [key] : [key, ...valueKeys(v, key, open)];
  });
}

const cased = Object.keys(cases).sort();

describe('platform golden trees', () => {
  it('covers the CA, exposure, size, version and observability choices', () => {
    expect(fs.readdirSync(GOLDEN).sort()).toEqual(cased);
  });

  it.each(cased)('%s', async name => {
    const actual = Object.fromEntries(
      (await generated(name)).files.map(f => [f.path, f.content]),
    );
    const dir = join(GOLDEN, name);
    if (process.env.UPDATE_GOLDEN) {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const [path, content] of Object.entries(actual)) {
        fs.mkdirSync(dirname(join(dir, path)), { recursive: true });
        fs.writeFileSync(join(dir, path), content);
      }
    }
    const expected = readTree(dir);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const path of Object.keys(expected)) {
      expect({ path, content: actual[path] }).toEqual({
        path,
        content: expected[path],
      });
    }
  });
});

describe.each(cased)('the %s tree', name => {
  const tree = readTree(join(GOLDEN, name));
  const objects = objectsOf(tree);
  const apps = objects.filter(
    o => o.object.kind === 'Application' && o.path.startsWith('argocd/apps/'),
  );
  const wave = (o: { metadata: { annotations?: Record<string, string> } }) =>
    Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
  const clusterOf = (app: any) =>
    app.spec.destination.server ?? app.spec.destination.name;

  it('validates every object against its upstream schema, unknown fields rejected', async () => {
    const validate = await strictValidator();
    const problems = objects.flatMap(({ path, object }) =>
      validate(object).map(p => `${path}: ${p}`),
    );
    expect(problems).toEqual([]);
    expect(objects.length).toBeGreaterThan(10);
  });

  it("sets only Helm values that the pinned chart's values.yaml declares", () => {
    const checked = apps
      .filter(({ object }) => object.spec.source.chart)
      .flatMap(({ path, object }) => {
        const { chart, targetRevision, helm } = object.spec.source;
        const fixture = JSON.parse(
          fs.readFileSync(
            join(FIXTURES, 'helm-values', `${chart}-${targetRevision}.json`),
            'utf8',
          ),
        );
        const known = new Set([
          ...fixture.keys,
          ...(fixture.passThrough?.keys ?? []),
        ]);
        const open: string[] = fixture.openMaps;
        return valueKeys(helm?.valuesObject, '', open).map(key => ({
          key,
          problem: known.has(key)
            ? undefined
            : `${path}: ${chart} ${targetRevision} has no value ${key}`,
        }));
      });
    expect(checked.flatMap(c => c.problem ?? [])).toEqual([]);
    expect(checked.length).toBeGreaterThan(10);
  });

  it('pins every chart to a version with a values fixture read from upstream', () => {
    for (const { object } of apps.filter(a => a.object.spec.source.chart)) {
      const { chart, targetRevision } = object.spec.source;
      const fixture = JSON.parse(
        fs.readFileSync(
          join(FIXTURES, 'helm-values', `${chart}-${targetRevision}.json`),
          'utf8',
        ),
      );
      expect(fixture.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(fixture.source.repository).toMatch(/^https:\/\/github\.com\//);
    }
  });

  it('creates every CRD and namespace in an earlier wave than its first user', () => {
    const istioVersion = (cases[name].istioVersion ?? '1.29.6') as IstioVersion;
    const crdGroups = new Map(
      Object.values(platformCharts(istioVersion)).map(c => [
        c.chart,
        c.crdGroups,
      ]),
    );
    const problems: string[] = [];
    for (const { object: app } of apps) {
      const cluster = clusterOf(app);
      const same = apps
        .map(a => a.object)
        .filter(a => clusterOf(a) === cluster);
      const providerWave = (group: string) =>
        Math.min(
          ...same
            .filter(a =>
              (crdGroups.get(a.spec.source.chart) ?? []).includes(group),
            )
            .map(wave),
        );
      const namespaceWave = (ns: string) =>
        Math.min(
          ...same
            .filter(
              a =>
                a.spec.destination.namespace === ns &&
                a.spec.syncPolicy.syncOptions.includes('CreateNamespace=true'),
            )
            .map(wave),
        );
      const users = Object.entries(tree)
        .filter(([p]) => dirname(p) === app.spec.source.path)
        .flatMap(([, text]) => parseManifests(text));
      for (const o of users) {
        const group = o.apiVersion.includes('/')
          ? o.apiVersion.split('/')[0]
          : '';
        if (group.includes('.') && !(providerWave(group) < wave(app)))
          problems.push(
            `${app.metadata.name}: ${o.kind} before the CRD of ${group}`,
          );
        if (
          o.metadata.namespace &&
          !(namespaceWave(o.metadata.namespace) <= wave(app))
        )
          problems.push(
            `${app.metadata.name}: ${o.kind} before namespace ${o.metadata.namespace}`,
          );
      }
      // A chart's own namespace is created by its Application as it syncs.
      if (!(namespaceWave(app.spec.destination.namespace) <= wave(app)))
        problems.push(
          `${app.metadata.name}: namespace ${app.spec.destination.namespace}`,
        );
    }
    expect(problems).toEqual([]);
    // The projects come first.
    const projects = objects.filter(o => o.object.kind === 'AppProject');
    expect(projects.map(p => wave(p.object))).toEqual([-1, -1]);
    expect(Math.min(...apps.map(a => wave(a.object)))).toBeGreaterThan(-1);
  });

  it("applies each of the CA's issuers in an earlier wave than what it issues", () => {
    const ca = objects
      .filter(o => o.path.startsWith('platform/mesh-ca/'))
      .map(o => o.object);
    const issuer = (ref: { name: string; kind: string }, ns?: string) =>
      ca.find(
        o =>
          o.kind === ref.kind &&
          o.metadata.name === ref.name &&
          (ref.kind === 'ClusterIssuer' || o.metadata.namespace === ns),
      );
    const ordered = [
      // A Certificate after its issuer.
      ...ca
        .filter(o => o.kind === 'Certificate')
        .map(o => [issuer(o.spec.issuerRef, o.metadata.namespace), o]),
      // A CA issuer after the Certificate that writes its secret, when the tree has one.
      ...ca
        .filter(o => o.spec.ca)
        .flatMap(o => {
          const source = ca.find(
            c =>
              c.kind === 'Certificate' &&
              c.spec.secretName === o.spec.ca.secretName,
          );
          return source ? [[source, o]] : [];
        }),
    ];
    expect(
      ordered.map(([before, after]) => [
        `${before?.kind}/${before?.metadata.name}`,
        before !== undefined &&
          after !== undefined &&
          wave(before) < wave(after),
      ]),
    ).toEqual(
      ordered.map(([before]) => [
        `${before?.kind}/${before?.metadata.name}`,
        true,
      ]),
    );
    // Root after self-signed issuer and root issuer after root (own root only), intermediate after the
    // root issuer, istio-csr's issuer after the intermediate.
    const spec = validatePlatformInput(cases[name]);
    expect(ordered.length).toBe(
      (spec.caRoot === 'per-cluster' ? 2 : 0) +
        1 +
        (spec.ca === 'istio-csr' ? 1 : 0),
    );
  });

  it('deploys each Application only where its AppProject allows', () => {
    const projects = new Map(
      objects
        .filter(o => o.object.kind === 'AppProject')
        .map(o => [o.object.metadata.name, o.object]),
    );
    for (const { object: app } of apps) {
      const project = projects.get(app.spec.project)!;
      expect(project.spec.destinations).toContainEqual(app.spec.destination);
      expect(project.spec.sourceRepos).toContain(app.spec.source.repoURL);
    }
  });

  it('holds no private key and no Secret', () => {
    for (const [path, text] of Object.entries(tree)) {
      expect({ path, match: /PRIVATE KEY|^kind: Secret/m.test(text) }).toEqual({
        path,
        match: false,
      });
    }
  });

  it('declares the System first, and a Resource per component bound to its Applications', () => {
    const entities = parseAllDocuments(tree['catalog-info.yaml']).map(d =>
      d.toJS(),
    );
    expect(entities[0].kind).toBe('System');
    const system = entities[0].metadata.name;
    for (const { object: app } of apps) {
      const ref = app.metadata.annotations?.['meshport.io/entity-ref'];
      const resource = entities.find(
        e => `resource:default/${e.metadata.name}` === ref,
      );
      expect(resource?.spec.system).toBe(system);
      const selector = resource.metadata.annotations[
        'argocd/app-selector'
      ] as string;
      for (const requirement of selector.split(',')) {
        const [k, v] = requirement.split('=');
        expect(app.metadata.labels?.[k]).toBe(v);
      }
    }
  });

  it("writes Meshport's configuration without a token", () => {
    const config = parse(tree['meshport-config.yaml']);
    expect(config.serviceMesh.argocd.instances[0].token).toBe(
      '${ARGOCD_TOKEN}',
    );
    expect(config.serviceMesh.kiali.token).toBe('${KIALI_TOKEN}');
  });
});

describe('the CA root', () => {
  it('is shared by default with several clusters, per cluster with one or when chosen', () => {
    expect(validatePlatformInput(cases['one-cluster-istio-csr']).caRoot).toBe(
      'per-cluster',
    );
    expect(
      validatePlatformInput(cases['two-clusters-shared-root']).caRoot,
    ).toBe('shared');
    expect(validatePlatformInput(cases['two-clusters-large']).caRoot).toBe(
      'per-cluster',
    );
  });

  describe('shared by two clusters', () => {
    const tree = readTree(join(GOLDEN, 'two-clusters-shared-root'));
    const objects = objectsOf(tree).map(o => o.object);
    const app = (cluster: string, component: string) =>
      parse(tree[`argocd/apps/${cluster}/${component}.yaml`]);

    it('creates no root in any cluster: the root issuer reads the secret delivered out of band', () => {
      expect(
        Object.keys(tree)
          .filter(p => p.startsWith('platform/mesh-ca/'))
          .sort(),
      ).toEqual([
        'platform/mesh-ca/intermediate-ca.yaml',
        'platform/mesh-ca/istio-ca-issuer.yaml',
        'platform/mesh-ca/root-ca-issuer.yaml',
      ]);
      expect(objects.filter(o => o.spec?.selfSigned)).toEqual([]);
      const issuers = objects.filter(o => o.kind === 'ClusterIssuer');
      expect(issuers.map(o => [o.metadata.name, o.spec])).toEqual([
        ['global-root-ca', { ca: { secretName: 'global-root-ca' } }],
      ]);
      const intermediate = objects.find(o => o.kind === 'Certificate');
      expect(intermediate?.spec.issuerRef).toEqual({
        name: 'global-root-ca',
        kind: 'ClusterIssuer',
        group: 'cert-manager.io',
      });
    });

    it("signs every cluster's intermediate with the one root, in one mesh", () => {
      for (const cluster of ['east', 'west']) {
        const ca = app(cluster, 'mesh-ca');
        expect(ca.spec.source.path).toBe('platform/mesh-ca');
        const csr = app(cluster, 'istio-csr').spec.source.helm.valuesObject;
        expect(csr.volumes[0].secret).toEqual({
          secretName: 'global-root-ca',
          items: [{ key: 'tls.crt', path: 'ca.pem' }],
        });
        const istiod = app(cluster, 'istiod').spec.source.helm.valuesObject;
        expect(istiod.global.meshID).toBe('global');
        expect(istiod.meshConfig.trustDomain).toBeUndefined();
        const wave = (c: string) =>
          Number(
            app(cluster, c).metadata.annotations[
              'argocd.argoproj.io/sync-wave'
            ],
          );
        expect([
          wave('cert-manager'),
          wave('mesh-ca'),
          wave('istio-csr'),
          wave('istiod'),
        ]).toEqual([0, 1, 2, 3]);
      }
    });

    it('tells how to create the root once, deliver it to each cluster and rotate it', () => {
      const readme = tree['README.md'];
      expect(readme).toContain(
        'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc',
      );
      expect(readme).toContain('for ctx in east west; do');
      expect(readme).toContain(
        'kubectl --context "$ctx" -n cert-manager create secret tls global-root-ca --cert=root-ca.crt --key=root-ca.key',
      );
      expect(readme).toContain('kind: ExternalSecret');
      expect(readme).toContain('cmctl renew -n istio-system istio-ca');
      expect(readme).not.toContain('selfsigned');
    });
  });
});

describe('the sync waves of the default platform', () => {
  it('orders CRDs, the CA, the control plane, policy and observability', async () => {
    const { files } = await generated('one-cluster-istio-csr');
    const order = files
      .filter(f => f.path.startsWith('argocd/apps/prod/'))
      .map(f => parse(f.content))
      .map(a => [
        a.metadata.name,
        Number(a.metadata.annotations['argocd.argoproj.io/sync-wave']),
      ]);
    expect(order).toEqual([
      ['prod-cert-manager', 0],
      ['prod-istio-base', 0],
      ['prod-mesh-ca', 1],
      ['prod-istio-csr', 2],
      ['prod-istiod', 3],
      ['prod-istio-gateway', 4],
      ['prod-mesh-policy', 4],
      ['prod-prometheus', 5],
      ['prod-jaeger', 5],
      ['prod-grafana', 6],
      ['prod-kiali', 6],
    ]);
  });
});

describe('the example platform of the development portal', () => {
  // examples/mesh-platform.yaml is this generator's catalog-info.yaml for this input, regenerated
  // with UPDATE_GOLDEN=1 like the golden trees.
  const example = join(__dirname, '../../../../examples/mesh-platform.yaml');
  const input: PlatformInput = {
    name: 'mesh',
    description: 'The example mesh platform: Istio, its CA and observability',
    owner: 'group:default/platform-team',
    clusters: [{ name: 'prod' }],
    repoUrl: 'https://github.com/meshport-examples/mesh-platform.git',
  };

  it("is the generator's catalog-info.yaml for its input", async () => {
    const spec = validatePlatformInput(input);
    const { files } = await generatePlatform(spec, {
      cloneUrl: spec.repoUrl!,
      sourceLocation:
        'url:https://github.com/meshport-examples/mesh-platform/tree/main/',
      manifestsLocation:
        'url:https://github.com/meshport-examples/mesh-platform/tree/main/platform',
    });
    const catalog = files.find(f => f.path === 'catalog-info.yaml')!.content;
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(example, catalog);
    expect(fs.readFileSync(example, 'utf8')).toBe(catalog);
  });
});
