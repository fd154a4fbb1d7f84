import {
  canonicalServiceName,
  findPodController,
  isKubernetesName,
  namespaceOf,
  podTemplateMetadata,
  selectsLabels,
  type KubeObject,
} from '@meshport/plugin-service-mesh-common';

/** What a workload is called beyond its Deployment name: its app and the Service in front of it. */
export interface AppIdentity {
  /** Istio's canonical service (Kiali's application, `<app>.<namespace>` in traces). */
  app: string;
  /** The Kubernetes Service selecting the workload's pods (else the app). */
  service: string;
}

/** What Meshport knows about a workload's labels. */
export interface IdentityEvidence {
  namespace: string;
  /** The Deployment (PromQL's `destination_workload`). */
  workload: string;
  /** The manifests in Git. */
  manifests?: KubeObject[];
  /** Kiali's workload answer `labels` (the pod template's). */
  kialiLabels?: Record<string, string>;
}

/**
 * The workload's app and Service, from its pod template labels in Git, else Kiali's labels, else its
 * name (bookinfo's Deployment `details-v1` with `app: details` is app `details`). A label value that is
 * not a Kubernetes name is ignored, so it never reaches a link or a Jaeger query.
 */
export function appIdentity(evidence: IdentityEvidence): AppIdentity {
  const { namespace, workload, manifests = [] } = evidence;
  const controller = findPodController(
    manifests.filter(o => namespaceOf(o, namespace) === namespace),
    workload,
  );
  const labels = controller
    ? podTemplateMetadata(controller).labels
    : evidence.kialiLabels;
  const named = canonicalServiceName(labels, workload);
  const app = isKubernetesName(named, 'dns1123-subdomain') ? named : workload;
  const service = labels
    ? manifests.find(
        o =>
          o.kind === 'Service' &&
          o.apiVersion === 'v1' &&
          namespaceOf(o, namespace) === namespace &&
          selectsLabels(o.spec?.selector, labels),
      )
    : undefined;
  return { app, service: service?.metadata.name ?? app };
}
