/*
 * Where an Istio Gateway's pods run. `networking.istio.io` Gateways configure existing gateway pods
 * chosen by a label selector, and Istio reads a server's `credentialName` secret from the namespace of
 * those pods, not of the Gateway resource (Istio's "Secure Gateways" and cert-manager pages).
 */
import type { KubeObject } from '../analyzer/types';
import { isPodController, namespaceOf, podTemplateMetadata } from './objects';
import { selectsLabels } from './selectors';

/** Istio's default ingress gateway (istio/istio `manifests/charts/gateways/istio-ingress`). */
export const DEFAULT_INGRESS_GATEWAY = {
  /** The label a Gateway selects it by. */
  selector: { istio: 'ingressgateway' },
  /** The namespace a default install (`istioctl install`, the `gateway` chart) runs it in. */
  namespace: 'istio-system',
  /** Its service account, the identity in its mTLS certificate. */
  serviceAccount: 'istio-ingressgateway-service-account',
} as const;

/** The `gatewayClassName` whose Kubernetes Gateway API Gateways Istio deploys and programs. */
export const ISTIO_GATEWAY_CLASS = 'istio';

/**
 * The service account of the gateway Istio deploys for a Kubernetes Gateway API Gateway: Istio names
 * its Deployment, Service and ServiceAccount `<gateway>-<gatewayClassName>`, in the Gateway's namespace.
 */
export function deployedGatewayName(gateway: string): string {
  return `${gateway}-${ISTIO_GATEWAY_CLASS}`;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>) {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every(k => a[k] === b[k])
  );
}

/**
 * The namespaces of the pods a `networking.istio.io` Gateway selects: those of the pod controllers
 * among `objects` whose pod labels match its selector, else `istio-system` for the default ingress
 * selector; empty when they cannot be told from the objects. Objects without a namespace are in
 * `fallback`.
 */
export function gatewayPodNamespaces(
  gateway: KubeObject,
  objects: KubeObject[],
  fallback: string,
): string[] {
  const selector: Record<string, string> = gateway.spec?.selector ?? {};
  const found = objects
    .filter(
      o =>
        isPodController(o) &&
        selectsLabels(selector, podTemplateMetadata(o).labels),
    )
    .map(o => namespaceOf(o, fallback));
  if (found.length > 0) return [...new Set(found)];
  return sameLabels(selector, DEFAULT_INGRESS_GATEWAY.selector)
    ? [DEFAULT_INGRESS_GATEWAY.namespace]
    : [];
}
