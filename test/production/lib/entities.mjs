// The catalog the production-shape replicas ingest: owners, the signed-in test user, meshed components
// mapped onto the synthetic Prometheus mesh and the fake Argo CD, a restricted component, components
// whose annotations are hostile, and a one-step template for the scaffolder test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from './processes.mjs';

/** Values that must never change a query, a selector or a URL path. */
export const HOSTILE_VALUES = {
  quote: 'steady-0"} or vector(1) #',
  brace: 'steady-0}{job="x"',
  regex: '.*"=~".+',
  newline: 'steady-0\ndestination_workload="burst-1"',
  long: 'a'.repeat(5000),
  path: '../../../api/v1/applications',
};

/** The hostile components: which annotation carries which hostile value. */
export const HOSTILE_COMPONENTS = [
  ...Object.entries(HOSTILE_VALUES).map(([kind, value]) => ({
    name: `hostile-workload-${kind}`,
    annotations: {
      'meshport.io/workload': value,
      'backstage.io/kubernetes-namespace': 'mesh-0',
    },
    annotation: 'meshport.io/workload',
  })),
  ...Object.entries(HOSTILE_VALUES).map(([kind, value]) => ({
    name: `hostile-namespace-${kind}`,
    annotations: { 'backstage.io/kubernetes-namespace': value },
    annotation: 'backstage.io/kubernetes-namespace',
  })),
  ...Object.entries(HOSTILE_VALUES).map(([kind, value]) => ({
    name: `hostile-app-name-${kind}`,
    annotations: { 'argocd/app-name': value },
    annotation: 'argocd/app-name',
  })),
  ...Object.entries(HOSTILE_VALUES).map(([kind, value]) => ({
    name: `hostile-app-selector-${kind}`,
    annotations: { 'argocd/app-selector': value },
    annotation: 'argocd/app-selector',
  })),
];

/**
 * Meshed components. checkout, ledger and vault are deployed by the fake Argo CD's applications bound
 * to them (checkout-prod in namespace shop and the multi-source checkout-staging in shop-staging for
 * checkout, ledger-prod and vault-prod in shop for the second team's ledger and restricted vault), that
 * Kiali knows; steady and burst are deployed to mesh-0 by steady-prod and burst-prod, and their metrics
 * are in the synthetic Prometheus mesh (an entity without a bound application reads nothing of the
 * namespace its annotations name).
 */
export const MESHED_COMPONENTS = [
  {
    name: 'checkout',
    owner: 'team-a',
    annotations: {
      'argocd/app-selector': 'app.kubernetes.io/name=checkout',
      'meshport.io/workload': 'checkout',
    },
  },
  {
    name: 'ledger',
    owner: 'team-b',
    annotations: {
      'argocd/app-name': 'ledger-prod',
      'meshport.io/workload': 'checkout',
    },
  },
  {
    name: 'vault',
    owner: 'team-b',
    restricted: true,
    annotations: {
      'argocd/app-name': 'vault-prod',
      'meshport.io/workload': 'checkout',
    },
  },
  {
    name: 'steady',
    owner: 'team-a',
    annotations: {
      'argocd/app-name': 'steady-prod',
      'backstage.io/kubernetes-namespace': 'mesh-0',
      'meshport.io/workload': 'steady-0',
    },
  },
  {
    name: 'burst',
    owner: 'team-a',
    annotations: {
      'argocd/app-name': 'burst-prod',
      'backstage.io/kubernetes-namespace': 'mesh-0',
      'meshport.io/workload': 'burst-1',
    },
  },
];

/**
 * Components of the attacker (the test user's team-a) whose annotations claim other teams' applications:
 * a selector matching every application, and app names of the second team's and the restricted app.
 * `claims` is the victim's application, `foreign` how many unbound applications the query matches.
 */
export const ATTACKER_COMPONENTS = [
  {
    name: 'mallory-svc',
    annotation: 'argocd/app-selector',
    value: 'meshport.io/environment',
    claims: 'ledger-prod',
    foreign: 6,
  },
  {
    name: 'mallory-named',
    annotation: 'argocd/app-name',
    value: 'ledger-prod',
    claims: 'ledger-prod',
    foreign: 1,
  },
  {
    name: 'mallory-restricted',
    annotation: 'argocd/app-name',
    value: 'vault-prod',
    claims: 'vault-prod',
    foreign: 1,
  },
];

/** Name of the test template (one `debug:log` step). */
export const TEMPLATE_NAME = 'production-smoke';

/** The catalog file, as YAML documents. */
export function entitiesYaml() {
  const docs = [];
  for (const name of ['platform', 'team-a', 'team-b']) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name },
      spec: { type: 'team', children: [] },
    });
  }
  docs.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'guest' },
    spec: { memberOf: ['team-a'] },
  });
  for (const c of MESHED_COMPONENTS) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: c.name,
        ...(c.restricted
          ? { labels: { 'meshport.io/visibility': 'restricted' } }
          : {}),
        annotations: c.annotations,
      },
      spec: { type: 'service', lifecycle: 'production', owner: c.owner },
    });
  }
  for (const a of ATTACKER_COMPONENTS) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: a.name,
        annotations: {
          [a.annotation]: a.value,
          'meshport.io/workload': 'mallory',
          'backstage.io/kubernetes-namespace': 'mallory',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    });
  }
  for (const h of HOSTILE_COMPONENTS) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: h.name, annotations: h.annotations },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    });
  }
  docs.push({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: TEMPLATE_NAME, title: 'Production smoke' },
    spec: {
      owner: 'platform',
      type: 'service',
      parameters: [
        {
          properties: { message: { type: 'string', title: 'Message' } },
          required: ['message'],
        },
      ],
      steps: [
        {
          id: 'log',
          name: 'Log',
          action: 'debug:log',
          input: { message: '${{ parameters.message }}' },
        },
      ],
      output: {
        text: [{ title: 'Logged', content: '${{ parameters.message }}' }],
      },
    },
  });
  return docs.map(d => stringify(d)).join('---\n');
}

/**
 * Values for the portal's meshed-service template with every default of its form filled in (the API
 * does not apply them, the form does), then `values`.
 */
export function meshedServiceValues(values) {
  const template = parse(
    readFileSync(
      join(ROOT, 'templates', 'meshed-service', 'template.yaml'),
      'utf8',
    ),
  );
  const defaultsOf = properties =>
    Object.entries(properties ?? {})
      .filter(([, schema]) => schema.default !== undefined)
      .map(([key, schema]) => [key, schema.default]);
  const defaults = Object.fromEntries(
    template.spec.parameters.flatMap(step => [
      ...defaultsOf(step.properties),
      // A field's dependent fields (`dependencies.<field>.oneOf`): those of the branch its default picks.
      ...Object.entries(step.dependencies ?? {}).flatMap(([field, dependency]) =>
        (dependency.oneOf ?? [])
          .filter(
            branch =>
              branch.properties?.[field]?.const ===
              step.properties?.[field]?.default,
          )
          .flatMap(branch => defaultsOf(branch.properties)),
      ),
    ]),
  );
  return { ...defaults, ...values };
}
