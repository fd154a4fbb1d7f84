/*
 * The gateway layer: what exposure "gateway" adds to each environment's overlay. Hosts differ per
 * environment (layout's environmentHosts), so every gateway object lives in the overlay. By default a
 * Kubernetes Gateway API Gateway (gatewayApi.ts), which Istio serves from a gateway it deploys in the
 * environment's namespace, next to the certificate; or, as a choice, an Istio Gateway on the shared
 * ingress gateway with its certificate in that gateway's namespace (sharedIngress.ts).
 */
import {
  DEFAULT_INGRESS_GATEWAY,
  deployedGatewayName,
} from '@meshport/plugin-service-mesh-common';
import {
  environmentHosts,
  NAME_LABEL,
  principal,
  resourceNames,
} from '../layout';
import { ServiceSpec } from '../spec/input';
import { gatewayApiFiles } from './gatewayApi';
import { Models } from './models';
import { PlannedFile } from './planned';
import { sharedIngressFiles } from './sharedIngress';

/** One environment's gateway: where it is, the hosts it serves and where its TLS secret must be. */
export interface GatewayContext {
  env: ServiceSpec['environments'][number];
  hosts: string[];
}

/** The certificate a self-signed gateway gets: its names and namespace (none: the environment's). */
export interface CertificatePlace {
  certificate: string;
  issuer: string;
  namespace?: string;
}

/** cert-manager's self-signed Issuer and the gateway's Certificate, in one environment's overlay. */
export function selfSignedCertificate(
  m: Models,
  spec: ServiceSpec,
  { env, hosts }: GatewayContext,
  place: CertificatePlace,
): PlannedFile[] {
  const metadata = (name: string) => ({
    name,
    ...(place.namespace ? { namespace: place.namespace } : {}),
    labels: { [NAME_LABEL]: spec.name },
  });
  return [
    {
      layer: 'gateway',
      environment: env.name,
      fileName: 'issuer.yaml',
      kube: true,
      header:
        'Self-signed issuer for the gateway certificate: for development; browsers will not trust it.',
      object: new m.Issuer({
        metadata: metadata(place.issuer),
        spec: { selfSigned: {} },
      }),
    },
    {
      layer: 'gateway',
      environment: env.name,
      fileName: 'certificate.yaml',
      kube: true,
      header: `The ${env.name} gateway certificate. cert-manager creates the key in the cluster: no key is stored in Git.`,
      comments: {
        ...(place.namespace
          ? {
              'metadata.namespace': `The namespace of the shared ingress gateway's pods: Istio reads the gateway's secret there.`,
            }
          : {}),
        'spec.privateKey.rotationPolicy': 'A new key at every renewal.',
      },
      object: new m.Certificate({
        metadata: metadata(place.certificate),
        spec: {
          secretName: place.certificate,
          dnsNames: [...hosts],
          duration: '2160h',
          renewBefore: '360h',
          privateKey: {
            algorithm: 'ECDSA',
            size: 256,
            rotationPolicy: 'Always',
          },
          issuerRef: {
            name: place.issuer,
            kind: 'Issuer',
            group: 'cert-manager.io',
          },
        },
      }),
    },
  ];
}

/** Where the shared gateway's service account comes from, for the policy's comment. */
function sharedGatewayAccount(spec: ServiceSpec): string {
  return spec.sharedGateway.serviceAccount ===
    DEFAULT_INGRESS_GATEWAY.serviceAccount
    ? "The shared ingress gateway's service account (a default Istio install)."
    : "The shared ingress gateway's service account (sharedGateway, e.g. a mesh platform's gateway).";
}

/** Lets the environment's gateway pods call the service; the base policy allows the other callers. */
function ingressAuthorizationPolicy(
  m: Models,
  spec: ServiceSpec,
  { env }: GatewayContext,
): PlannedFile {
  const names = resourceNames(spec.name);
  const gateway =
    spec.gatewayMode === 'gateway-api'
      ? principal(env.namespace, deployedGatewayName(names.gateway))
      : principal(
          spec.sharedGateway.namespace,
          spec.sharedGateway.serviceAccount,
        );
  return {
    layer: 'gateway',
    environment: env.name,
    fileName: 'authorizationpolicy-ingress.yaml',
    kube: true,
    header: `Lets the ${env.name} ingress gateway reach ${spec.name}; ALLOW policies add up, so the base policy's callers stay allowed.`,
    comments: {
      'spec.rules.0.from.0.source.principals':
        spec.gatewayMode === 'gateway-api'
          ? `The service account Istio creates for Gateway ${names.gateway} (<gateway>-istio) in this namespace.`
          : sharedGatewayAccount(spec),
    },
    object: new m.AuthorizationPolicy({
      metadata: {
        name: names.ingress,
        labels: { [NAME_LABEL]: spec.name },
      },
      spec: {
        selector: { matchLabels: { app: spec.name } },
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [gateway] } }] }],
      },
    }),
  };
}

/** One environment's gateway objects; none unless the service is exposed through a gateway. */
export function gatewayFiles(
  m: Models,
  spec: ServiceSpec,
  env: ServiceSpec['environments'][number],
): PlannedFile[] {
  if (spec.exposure !== 'gateway') return [];
  const context = { env, hosts: environmentHosts(spec, env.name) };
  return [
    ...(spec.gatewayMode === 'gateway-api'
      ? gatewayApiFiles(m, spec, context)
      : sharedIngressFiles(m, spec, context)),
    ingressAuthorizationPolicy(m, spec, context),
  ];
}
