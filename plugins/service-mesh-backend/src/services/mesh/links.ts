import type {
  KubeObject,
  MeshLink,
} from '@meshport/plugin-service-mesh-common';
import type { GrafanaConfig } from '../../config';
import { jaegerSearchUrl, jaegerServiceName } from '../jaeger/service';
import { rateWindowSec, trafficQuery } from '../prometheus';

/** Where the links point; an absent tool gives no links. */
export interface LinkTargets {
  kiali?: {
    consoleUrl: string;
    /** Kiali major version; Istio object links changed in 2.0. */ majorVersion?: number;
  };
  argocdAppUrl?: string;
  grafana?: GrafanaConfig;
  jaegerUrl?: string;
  prometheusUrl?: string;
}

/** The workload's identity in the links. */
export interface LinkSubject {
  namespace: string;
  /** The Deployment (Kiali's workload, Grafana's workload dashboard, PromQL). */
  workload: string;
  /** Istio's canonical service (`appIdentity`): Kiali's application, the trace service; default `workload`. */
  app?: string;
  /** The Kubernetes Service in front of the workload (`appIdentity`); default `app`. */
  service?: string;
  /** Kiali's name of the environment's cluster, sent as `clusterName=` (multi-cluster). */
  kialiCluster?: string;
  /** Jaeger service name; Istio's default is `<app>.<namespace>`. */
  jaegerService?: string;
  /** Istio objects from the manifests, linked in Kiali. */
  istioObjects?: KubeObject[];
}

const PLURALS: Record<string, string> = {
  VirtualService: 'virtualservices',
  DestinationRule: 'destinationrules',
  Gateway: 'gateways',
  ServiceEntry: 'serviceentries',
  Sidecar: 'sidecars',
  PeerAuthentication: 'peerauthentications',
  AuthorizationPolicy: 'authorizationpolicies',
  RequestAuthentication: 'requestauthentications',
};

const enc = encodeURIComponent;

/** Kiali's link to an Istio object: `istio/<group>/<version>/<Kind>/<name>` since 2.0, `istio/<plural>/<name>` before. */
export function kialiIstioObjectPath(
  object: KubeObject,
  namespace: string,
  majorVersion: number | undefined,
): string | undefined {
  const ns = object.metadata.namespace ?? namespace;
  if (majorVersion !== undefined && majorVersion < 2) {
    const plural = PLURALS[object.kind];
    return plural
      ? `namespaces/${enc(ns)}/istio/${plural}/${enc(object.metadata.name)}`
      : undefined;
  }
  const [group, version] = object.apiVersion.split('/');
  return `namespaces/${enc(ns)}/istio/${enc(group)}/${enc(version)}/${enc(object.kind)}/${enc(object.metadata.name)}`;
}

/** `url` with Kiali's `clusterName=` parameter when a cluster is named (Kiali's details pages and node graph). */
function inCluster(url: string, cluster: string | undefined): string {
  if (!cluster) return url;
  return `${url}${url.includes('?') ? '&' : '?'}clusterName=${enc(cluster)}`;
}

/** Kiali's page of one workload (its info tab), in `cluster` when one is named. */
export function kialiWorkloadUrl(
  consoleUrl: string,
  namespace: string,
  workload: string,
  cluster?: string,
): string {
  return inCluster(
    `${consoleUrl}/console/namespaces/${enc(namespace)}/workloads/${enc(workload)}?tab=info`,
    cluster,
  );
}

/**
 * Deep links for one workload into every configured tool (and only those). Values are validated
 * Kubernetes names; they are URL-encoded anyway.
 */
export function buildLinks(
  targets: LinkTargets,
  subject: LinkSubject,
): MeshLink[] {
  const { namespace, workload, kialiCluster } = subject;
  const app = subject.app ?? workload;
  const service = subject.service ?? app;
  const links: MeshLink[] = [];
  if (targets.kiali) {
    const console = `${targets.kiali.consoleUrl}/console`;
    links.push(
      {
        tool: 'kiali',
        title: 'Kiali: namespace graph',
        url: `${console}/graph/namespaces?namespaces=${enc(namespace)}&graphType=versionedApp`,
      },
      {
        tool: 'kiali',
        title: 'Kiali: workload graph',
        url: inCluster(
          `${console}/graph/node/namespaces/${enc(namespace)}/workloads/${enc(workload)}`,
          kialiCluster,
        ),
      },
      {
        tool: 'kiali',
        title: 'Kiali: workload',
        url: kialiWorkloadUrl(
          targets.kiali.consoleUrl,
          namespace,
          workload,
          kialiCluster,
        ),
      },
      {
        tool: 'kiali',
        title: 'Kiali: application',
        url: inCluster(
          `${console}/namespaces/${enc(namespace)}/applications/${enc(app)}`,
          kialiCluster,
        ),
      },
      {
        tool: 'kiali',
        title: 'Kiali: service',
        url: inCluster(
          `${console}/namespaces/${enc(namespace)}/services/${enc(service)}`,
          kialiCluster,
        ),
      },
    );
    for (const object of subject.istioObjects ?? []) {
      const path = kialiIstioObjectPath(
        object,
        namespace,
        targets.kiali.majorVersion,
      );
      if (path) {
        links.push({
          tool: 'kiali',
          title: `Kiali: ${object.kind} ${object.metadata.name}`,
          url: inCluster(`${console}/${path}`, kialiCluster),
        });
      }
    }
  }
  if (targets.argocdAppUrl) {
    links.push({
      tool: 'argocd',
      title: 'Argo CD application',
      url: targets.argocdAppUrl,
    });
  }
  if (targets.grafana) {
    const { url, dashboards } = targets.grafana;
    links.push({
      tool: 'grafana',
      title: 'Grafana: Istio workload dashboard',
      url: `${url}/d/${enc(dashboards.istioWorkload)}/istio-workload-dashboard?var-namespace=${enc(namespace)}&var-workload=${enc(workload)}&var-qrep=destination`,
    });
    links.push({
      tool: 'grafana',
      title: 'Grafana: Istio service dashboard',
      url: `${url}/d/${enc(dashboards.istioService)}/istio-service-dashboard?var-service=${enc(`${service}.${namespace}.svc.cluster.local`)}&var-qrep=destination`,
    });
  }
  if (targets.jaegerUrl) {
    links.push({
      tool: 'jaeger',
      title: 'Jaeger: traces',
      url: jaegerSearchUrl(
        targets.jaegerUrl,
        jaegerServiceName(subject.jaegerService, app, namespace),
      ),
    });
  }
  if (targets.prometheusUrl) {
    links.push({
      tool: 'prometheus',
      title: 'Prometheus: request rate',
      url: `${targets.prometheusUrl}/graph?g0.expr=${enc(
        trafficQuery(
          { kind: 'workload', target: { namespace, workload } },
          rateWindowSec(),
        ),
      )}&g0.tab=0&g0.range_input=1h`,
    });
  }
  return links;
}
