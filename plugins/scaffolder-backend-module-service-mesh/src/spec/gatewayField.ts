/*
 * The shared ingress gateway a service's `shared-ingress` Gateway binds to: where its pods run, the
 * labels that select them and their service account. Istio's default install unless a mesh platform
 * (or the template author) names another one.
 */
import {
  DEFAULT_INGRESS_GATEWAY,
  isKubernetesName,
} from '@meshport/plugin-service-mesh-common';
import { z } from 'zod';
import { dnsLabel, formatted, msg } from './fieldTypes';

/** The `sharedGateway` input field of `meshport:service:generate`. */
export const sharedGatewayField = (z0: typeof z) =>
  z0
    .object({
      namespace: dnsLabel(z0).describe(
        "Namespace of the gateway's pods, where Istio reads the TLS secret",
      ),
      selector: z0
        .record(
          formatted(
            z0,
            v => isKubernetesName(v, 'label-key'),
            'must be a label key such as "istio"',
          ),
          formatted(
            z0,
            v => v !== '' && isKubernetesName(v, 'label-value'),
            'must be a label value such as "ingressgateway"',
          ),
        )
        .refine(
          s => Object.keys(s).length > 0 && Object.keys(s).length <= 10,
          msg('must have 1 to 10 labels'),
        )
        .describe("Labels of the gateway's pods, the Istio Gateway's selector"),
      serviceAccount: formatted(
        z0,
        v => isKubernetesName(v, 'dns1123-subdomain'),
        'must be a DNS-1123 subdomain such as "istio-ingressgateway"',
        253,
      ).describe(
        "Service account of the gateway's pods, allowed by the service's AuthorizationPolicy",
      ),
    })
    .strict()
    .default({
      namespace: DEFAULT_INGRESS_GATEWAY.namespace,
      selector: { ...DEFAULT_INGRESS_GATEWAY.selector },
      serviceAccount: DEFAULT_INGRESS_GATEWAY.serviceAccount,
    })
    .describe(
      "gatewayMode shared-ingress: the ingress gateway's namespace, pod labels and service account (default: Istio's default istio: ingressgateway in istio-system; a mesh platform gives its own)",
    );
