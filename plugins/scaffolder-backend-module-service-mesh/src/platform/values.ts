/*
 * The Helm values of each chart, from the wizard's choices. Every key exists in the pinned chart's
 * values.yaml (src/__fixtures__/helm-values, checked by the tests).
 */
import type { ObservabilityComponent, PlatformSpec } from '../spec/platform';
import { istioRevision } from './charts';
import {
  INSTALLED_URLS,
  ISTIO_CSR_ADDRESS,
  istioDashboardUrl,
  NAMESPACES,
  OTLP_GRPC_PORT,
  platformNames,
} from './layout';

type Requests = { cpu: string; memory: string };

/** Resources, replicas, retention and sampling of a small, medium or large mesh. */
export const SIZES: Record<
  PlatformSpec['size'],
  {
    istiod: Requests;
    istiodReplicas: [number, number];
    gateway: Requests;
    gatewayReplicas: [number, number];
    proxy: Requests;
    prometheus: Requests;
    retention: string;
    persistentPrometheus: boolean;
    samplingPercent: number;
  }
> = {
  small: {
    istiod: { cpu: '250m', memory: '512Mi' },
    istiodReplicas: [1, 2],
    gateway: { cpu: '100m', memory: '128Mi' },
    gatewayReplicas: [1, 3],
    proxy: { cpu: '50m', memory: '64Mi' },
    prometheus: { cpu: '250m', memory: '1Gi' },
    retention: '1d',
    persistentPrometheus: false,
    samplingPercent: 10,
  },
  medium: {
    istiod: { cpu: '500m', memory: '2Gi' },
    istiodReplicas: [2, 5],
    gateway: { cpu: '500m', memory: '512Mi' },
    gatewayReplicas: [2, 5],
    proxy: { cpu: '100m', memory: '128Mi' },
    prometheus: { cpu: '1', memory: '4Gi' },
    retention: '7d',
    persistentPrometheus: true,
    samplingPercent: 5,
  },
  large: {
    istiod: { cpu: '1', memory: '4Gi' },
    istiodReplicas: [3, 10],
    gateway: { cpu: '1', memory: '1Gi' },
    gatewayReplicas: [3, 10],
    proxy: { cpu: '100m', memory: '128Mi' },
    prometheus: { cpu: '2', memory: '8Gi' },
    retention: '15d',
    persistentPrometheus: true,
    samplingPercent: 1,
  },
};

/** Where each observability component is: its in-cluster address, or the URL of the one reused. */
export function observabilityUrl(
  spec: PlatformSpec,
  component: ObservabilityComponent,
): string {
  const o = spec.observability[component];
  return o.mode === 'reuse' ? o.url! : INSTALLED_URLS[component];
}

/** Where Istio sends spans: the installed Jaeger's OTLP port, or the reused Jaeger's host on it. */
export function tracingCollector(spec: PlatformSpec) {
  const host =
    spec.observability.jaeger.mode === 'reuse'
      ? new URL(spec.observability.jaeger.url!).hostname
      : `jaeger.${NAMESPACES.istio}.svc.cluster.local`;
  return { service: host, port: OTLP_GRPC_PORT };
}

/** Name of the tracing provider in the mesh config, which the Telemetry resource selects. */
export const TRACING_PROVIDER = 'jaeger';

/** Values of a chart with the comments of its keys (dotted paths inside the values). */
export interface ChartValues {
  values?: Record<string, unknown>;
  comments?: Record<string, string>;
}

export function certManagerValues(): ChartValues {
  return {
    values: { crds: { enabled: true, keep: true } },
    comments: {
      crds: 'The chart installs the CRDs; keep: deleting the release leaves them, and every certificate with them.',
    },
  };
}

export function istioCsrValues(
  spec: PlatformSpec,
  cluster: string,
): ChartValues {
  const names = platformNames(spec);
  return {
    values: {
      app: {
        certmanager: {
          issuer: {
            name: names.istioCaIssuer,
            kind: 'Issuer',
            group: 'cert-manager.io',
          },
        },
        tls: { rootCAFile: '/var/run/secrets/istio-csr/ca.pem' },
        server: { clusterID: cluster },
        istio: { revisions: [istioRevision(spec.istioVersion)] },
      },
      volumes: [
        {
          name: 'root-ca',
          secret: {
            secretName: names.rootCa,
            items: [{ key: 'tls.crt', path: 'ca.pem' }],
          },
        },
      ],
      volumeMounts: [
        {
          name: 'root-ca',
          mountPath: '/var/run/secrets/istio-csr',
          readOnly: true,
        },
      ],
    },
    comments: {
      'app.tls':
        "The trust root istio-csr distributes, read from the root CA's secret (its certificate tls.crt only, which a shared root's secret has too), not from whatever signed the last certificate.",
    },
  };
}

export function istiodValues(spec: PlatformSpec, cluster: string): ChartValues {
  const size = SIZES[spec.size];
  const csr = spec.ca === 'istio-csr';
  return {
    values: {
      revision: istioRevision(spec.istioVersion),
      revisionTags: ['default'],
      autoscaleMin: size.istiodReplicas[0],
      autoscaleMax: size.istiodReplicas[1],
      resources: { requests: size.istiod },
      ...(csr ? { env: { ENABLE_CA_SERVER: 'false' } } : {}),
      global: {
        meshID: spec.name,
        multiCluster: { clusterName: cluster },
        proxy: { resources: { requests: size.proxy } },
        ...(csr ? { caAddress: ISTIO_CSR_ADDRESS } : {}),
      },
      meshConfig: {
        extensionProviders: [
          { name: TRACING_PROVIDER, opentelemetry: tracingCollector(spec) },
        ],
      },
    },
    comments: {
      revision:
        'The revision label: namespaces opt in with istio.io/rev, so a new control plane can run beside this one during an upgrade.',
      revisionTags:
        'The "default" tag: namespaces labelled istio-injection=enabled (as generated services are) use this revision. Move the tag to upgrade them.',
      ...(csr
        ? {
            env: 'istio-csr signs the workload certificates; istiod runs no CA of its own.',
          }
        : {}),
      meshConfig:
        'Tracing: spans go to Jaeger over OTLP/gRPC; the Telemetry resource in istio-system turns it on for the mesh.',
    },
  };
}

export function gatewayValues(spec: PlatformSpec): ChartValues {
  const size = SIZES[spec.size];
  return {
    values: {
      revision: istioRevision(spec.istioVersion),
      service: { type: spec.gatewayService },
      resources: { requests: size.gateway },
      autoscaling: {
        enabled: true,
        minReplicas: size.gatewayReplicas[0],
        maxReplicas: size.gatewayReplicas[1],
      },
    },
    comments: {
      service: `The gateway pods are labelled istio: ingressgateway in ${NAMESPACES.istio}: the shared ingress gateway of Meshport's service template.`,
    },
  };
}

export function prometheusValues(spec: PlatformSpec): ChartValues {
  const size = SIZES[spec.size];
  return {
    values: {
      alertmanager: { enabled: false },
      'kube-state-metrics': { enabled: false },
      'prometheus-node-exporter': { enabled: false },
      'prometheus-pushgateway': { enabled: false },
      server: {
        global: { scrape_interval: '15s' },
        retention: size.retention,
        persistentVolume: { enabled: size.persistentPrometheus },
        resources: { requests: size.prometheus },
      },
    },
    comments: {
      server:
        "Istio's metrics: the chart's kubernetes-pods job scrapes every pod annotated prometheus.io/scrape, which is how Istio's sidecars expose their merged metrics (meshConfig.enablePrometheusMerge, on by default).",
    },
  };
}

const DASHBOARDS = [
  ['istio-mesh', 'istio-mesh-dashboard.gen.json'],
  ['istio-service', 'istio-service-dashboard.json'],
  ['istio-workload', 'istio-workload-dashboard.json'],
  ['istio-control-plane', 'pilot-dashboard.gen.json'],
  ['istio-performance', 'istio-performance-dashboard.json'],
] as const;

export function grafanaValues(spec: PlatformSpec): ChartValues {
  return {
    values: {
      datasources: {
        'datasources.yaml': {
          apiVersion: 1,
          datasources: [
            {
              name: 'Prometheus',
              type: 'prometheus',
              uid: 'prometheus',
              access: 'proxy',
              url: observabilityUrl(spec, 'prometheus'),
              isDefault: true,
            },
          ],
        },
      },
      dashboardProviders: {
        'dashboardproviders.yaml': {
          apiVersion: 1,
          providers: [
            {
              name: 'istio',
              folder: 'Istio',
              type: 'file',
              options: { path: '/var/lib/grafana/dashboards/istio' },
            },
          ],
        },
      },
      dashboards: {
        istio: Object.fromEntries(
          DASHBOARDS.map(([name, file]) => [
            name,
            { url: istioDashboardUrl(spec.istioVersion, file) },
          ]),
        ),
      },
    },
    comments: {
      dashboards: `Istio's own dashboards at ${spec.istioVersion}, downloaded by the chart when Grafana starts.`,
    },
  };
}

export function kialiValues(spec: PlatformSpec): ChartValues {
  const grafana = observabilityUrl(spec, 'grafana');
  const jaeger = observabilityUrl(spec, 'jaeger');
  return {
    values: {
      external_services: {
        prometheus: { url: observabilityUrl(spec, 'prometheus') },
        grafana: {
          enabled: true,
          internal_url: grafana,
          external_url: grafana,
        },
        tracing: {
          enabled: true,
          provider: 'jaeger',
          internal_url: jaeger,
          external_url: jaeger,
          use_grpc: false,
        },
      },
    },
    comments: {
      external_services:
        'external_url is what users open from Kiali: replace the in-cluster addresses with your ingress URLs.',
    },
  };
}
