/*
 * The GitOps layer of the platform: the root Application (app-of-apps) that Argo CD is given once,
 * the two AppProjects, and one Application per cluster and component, ordered by sync waves.
 */
import {
  ANNOTATION_APPLICATION_ENTITY_REF,
  LABEL_ENVIRONMENT,
} from '@meshport/plugin-service-mesh-common';
import { Models } from '../generator/models';
import { RepoLocation } from '../generator/planned';
import type { PlatformSpec } from '../spec/platform';
import { PinnedChart, platformCharts } from './charts';
import {
  APPS_DIR,
  applicationPath,
  Component,
  COMPONENTS,
  LABEL_PLATFORM,
  LABEL_PLATFORM_RESOURCE,
  manifestsDir,
  NAMESPACES,
  platformNames,
  RELEASES,
  resourceOf,
  ROOT_APPLICATION_FILE,
  SYNC_WAVES,
} from './layout';
import {
  certManagerValues,
  ChartValues,
  gatewayValues,
  grafanaValues,
  istioCsrValues,
  istiodValues,
  kialiValues,
  prometheusValues,
} from './values';

/** A file of the platform repository holding one Argo CD object. */
export interface GitopsFile {
  path: string;
  object: { toJSON(): unknown; validate(): void };
  header: string;
  comments?: Record<string, string>;
}

/** The annotation Argo CD orders an app-of-apps' children by. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

type Cluster = PlatformSpec['clusters'][number];

function destination(cluster: Cluster) {
  return cluster.server.startsWith('https://')
    ? { server: cluster.server }
    : { name: cluster.server };
}

/** The components a spec deploys: istio-csr only with that CA, observability only when installed. */
export function deployedComponents(spec: PlatformSpec): Component[] {
  return COMPONENTS.filter(c => {
    if (c === 'istio-csr') return spec.ca === 'istio-csr';
    if (
      c === 'prometheus' ||
      c === 'grafana' ||
      c === 'kiali' ||
      c === 'jaeger'
    )
      return spec.observability[c].mode === 'install';
    return true;
  });
}

type Source =
  | { chart: PinnedChart; release: string; values: ChartValues }
  | { path: string };

function sourceOf(spec: PlatformSpec, cluster: Cluster, c: Component): Source {
  const charts = platformCharts(spec.istioVersion);
  const chart = (pinned: PinnedChart, values: ChartValues = {}) => ({
    chart: pinned,
    release: RELEASES[c as keyof typeof RELEASES],
    values,
  });
  switch (c) {
    case 'cert-manager':
      return chart(charts.certManager, certManagerValues());
    case 'istio-base':
      return chart(charts.istioBase);
    case 'mesh-ca':
    case 'mesh-policy':
      return { path: manifestsDir(c) };
    case 'istio-csr':
      return chart(charts.istioCsr, istioCsrValues(spec, cluster.name));
    case 'istiod':
      return chart(charts.istiod, istiodValues(spec, cluster.name));
    case 'istio-gateway':
      return chart(charts.gateway, gatewayValues(spec));
    case 'prometheus':
      return chart(charts.prometheus, prometheusValues(spec));
    case 'jaeger':
      return chart(charts.jaeger);
    case 'grafana':
      return chart(charts.grafana, grafanaValues(spec));
    case 'kiali':
      return chart(charts.kiali, kialiValues(spec));
    default:
      throw new Error(`no source for ${c satisfies never}`);
  }
}

/** The namespace a component deploys into (Argo CD creates it). */
export function componentNamespace(c: Component): string {
  return c === 'cert-manager' || c === 'istio-csr'
    ? NAMESPACES.certManager
    : NAMESPACES.istio;
}

const HEADERS: Record<Component, string> = {
  'cert-manager': 'cert-manager and its CRDs, from its official chart.',
  'istio-base': "Istio's CRDs and cluster roles (chart base).",
  'mesh-ca':
    "The mesh CA: the root's issuer and the intermediate certificate, issued by cert-manager (the README tells where the root comes from).",
  'istio-csr':
    "cert-manager's istio-csr: the CA service of istiod and the proxies.",
  istiod: 'The Istio control plane at one revision.',
  'istio-gateway': 'The shared ingress gateway.',
  'mesh-policy': 'Mesh-wide mTLS, authorization and telemetry.',
  prometheus: "Prometheus, scraping Istio's metrics.",
  jaeger:
    'Jaeger (all-in-one, in-memory storage: traces are lost on restart; see the chart for production storage).',
  grafana: "Grafana with Istio's dashboards.",
  kiali: 'Kiali, wired to Prometheus, Grafana and Jaeger.',
};

function application(
  m: Models,
  spec: PlatformSpec,
  repo: RepoLocation,
  cluster: Cluster,
  c: Component,
): GitopsFile {
  const names = platformNames(spec);
  const source = sourceOf(spec, cluster, c);
  const resource = resourceOf(c);
  const webhooks = c === 'istio-base' || c === 'istiod';
  const comments: Record<string, string> = {
    'metadata.annotations': `Wave ${SYNC_WAVES[c]}: Argo CD syncs the root's children wave by wave, each after the previous one is healthy. ${ANNOTATION_APPLICATION_ENTITY_REF} binds it to the catalog Resource Meshport shows it on.`,
  };
  for (const [key, text] of Object.entries(
    'chart' in source ? (source.values.comments ?? {}) : {},
  )) {
    comments[`spec.source.helm.valuesObject.${key}`] = text;
  }
  if (webhooks)
    comments['spec.ignoreDifferences'] =
      "istiod patches its webhooks' failurePolicy and caBundle at run time; Argo CD would revert them forever.";
  return {
    path: applicationPath(cluster.name, c),
    header: `${HEADERS[c]} Cluster ${cluster.name}.`,
    comments,
    object: new m.Application({
      metadata: {
        name: names.application(cluster.name, c),
        namespace: spec.argocdNamespace,
        labels: {
          [LABEL_PLATFORM]: spec.name,
          [LABEL_PLATFORM_RESOURCE]: resource,
          [LABEL_ENVIRONMENT]: cluster.name,
        },
        annotations: {
          [SYNC_WAVE_ANNOTATION]: String(SYNC_WAVES[c]),
          [ANNOTATION_APPLICATION_ENTITY_REF]: `resource:default/${names.resource(resource)}`,
        },
      },
      spec: {
        project: names.platformProject,
        source:
          'chart' in source
            ? {
                repoURL: source.chart.repoURL,
                chart: source.chart.chart,
                targetRevision: source.chart.version,
                helm: {
                  releaseName: source.release,
                  ...(source.values.values
                    ? { valuesObject: source.values.values }
                    : {}),
                },
              }
            : {
                repoURL: repo.cloneUrl,
                targetRevision: spec.targetRevision,
                path: source.path,
              },
        destination: {
          ...destination(cluster),
          namespace: componentNamespace(c),
        },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        },
        ...(webhooks
          ? {
              ignoreDifferences: [
                {
                  group: 'admissionregistration.k8s.io',
                  kind: 'ValidatingWebhookConfiguration',
                  jqPathExpressions: [
                    '.webhooks[]?.failurePolicy',
                    '.webhooks[]?.clientConfig.caBundle',
                  ],
                },
              ],
            }
          : {}),
      },
    }),
  };
}

/** Cluster-scoped kinds the platform's charts and manifests create; nothing else cluster-wide. */
export const PLATFORM_CLUSTER_KINDS = [
  { group: '', kind: 'Namespace' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'MutatingWebhookConfiguration',
  },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'ValidatingWebhookConfiguration',
  },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'ValidatingAdmissionPolicyBinding',
  },
  { group: 'cert-manager.io', kind: 'ClusterIssuer' },
];

/** Namespaces no service repository may deploy to. */
function reservedNamespaces(spec: PlatformSpec) {
  return [
    NAMESPACES.istio,
    NAMESPACES.certManager,
    spec.argocdNamespace,
    'kube-system',
  ];
}

function projects(
  m: Models,
  spec: PlatformSpec,
  repo: RepoLocation,
  components: Component[],
): GitopsFile[] {
  const names = platformNames(spec);
  const chartRepos = [
    ...new Set(
      components
        .map(c => sourceOf(spec, spec.clusters[0], c))
        .flatMap(s => ('chart' in s ? [s.chart.repoURL] : [])),
    ),
  ];
  const wave = { [SYNC_WAVE_ANNOTATION]: String(SYNC_WAVES.projects) };
  const labels = { [LABEL_PLATFORM]: spec.name };
  return [
    {
      path: `${APPS_DIR}/project-platform.yaml`,
      header: `Argo CD project of the platform's Applications: this repository and the pinned charts' repositories, only the ${NAMESPACES.certManager} and ${NAMESPACES.istio} namespaces of each cluster, and only the cluster-scoped kinds the charts need.`,
      object: new m.AppProject({
        metadata: {
          name: names.platformProject,
          namespace: spec.argocdNamespace,
          labels,
          annotations: wave,
        },
        spec: {
          description: `Mesh platform ${spec.name}`,
          sourceRepos: [repo.cloneUrl, ...chartRepos],
          destinations: spec.clusters.flatMap(cl =>
            [NAMESPACES.certManager, NAMESPACES.istio].map(namespace => ({
              ...destination(cl),
              namespace,
            })),
          ),
          clusterResourceWhitelist: PLATFORM_CLUSTER_KINDS,
        },
      }),
    },
    {
      path: `${APPS_DIR}/project-services.yaml`,
      header: `Argo CD project for the services on the ${spec.name} platform: any namespace of its clusters but the platform's own, and no cluster-scoped kind but Namespace.`,
      comments: {
        'spec.destinations':
          'A "!" namespace is denied even though "*" allows it (Argo CD 2.5 and later).',
      },
      object: new m.AppProject({
        metadata: {
          name: names.servicesProject,
          namespace: spec.argocdNamespace,
          labels,
          annotations: wave,
        },
        spec: {
          description: `Services on mesh platform ${spec.name}`,
          sourceRepos: ['*'],
          destinations: spec.clusters.flatMap(cl => [
            { ...destination(cl), namespace: '*' },
            ...reservedNamespaces(spec).map(ns => ({
              ...destination(cl),
              namespace: `!${ns}`,
            })),
          ]),
          clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
          namespaceResourceBlacklist: [
            { group: '', kind: 'ResourceQuota' },
            { group: '', kind: 'LimitRange' },
          ],
        },
      }),
    },
  ];
}

function rootApplication(
  m: Models,
  spec: PlatformSpec,
  repo: RepoLocation,
): GitopsFile {
  const names = platformNames(spec);
  return {
    path: ROOT_APPLICATION_FILE,
    header: `The app-of-apps: apply this one file to Argo CD (kubectl apply -n ${spec.argocdNamespace} -f ${ROOT_APPLICATION_FILE}); it deploys ${APPS_DIR}, which deploys the rest.`,
    comments: {
      'spec.project':
        "Argo CD's default project: the platform's own projects are among what this Application creates.",
    },
    object: new m.Application({
      metadata: {
        name: names.rootApplication,
        namespace: spec.argocdNamespace,
        labels: { [LABEL_PLATFORM]: spec.name },
      },
      spec: {
        project: 'default',
        source: {
          repoURL: repo.cloneUrl,
          targetRevision: spec.targetRevision,
          path: APPS_DIR,
          directory: { recurse: true },
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: spec.argocdNamespace,
        },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    }),
  };
}

/** Every Argo CD file of the platform repository: root, projects, then each cluster's Applications. */
export function gitopsFiles(
  m: Models,
  spec: PlatformSpec,
  repo: RepoLocation,
): GitopsFile[] {
  const components = deployedComponents(spec);
  return [
    rootApplication(m, spec, repo),
    ...projects(m, spec, repo, components),
    ...spec.clusters.flatMap(cl =>
      components.map(c => application(m, spec, repo, cl, c)),
    ),
  ];
}
