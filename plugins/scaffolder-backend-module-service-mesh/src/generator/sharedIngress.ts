/*
 * The shared-ingress choice: an Istio Gateway on the shared gateway's pods (`spec.sharedGateway`:
 * `istio: ingressgateway` in istio-system on a default install, or a mesh platform's). Istio reads its
 * credentialName from the namespace of those pods, so the certificate goes there, one per environment,
 * named after the service and the environment.
 */
import { NAME_LABEL, resourceNames } from '../layout';
import { ServiceSpec } from '../spec/input';
import type { GatewayContext } from './gateway';
import { selfSignedCertificate } from './gateway';
import { virtualService } from './mesh';
import { Models } from './models';
import { PlannedFile } from './planned';

function gateway(
  m: Models,
  spec: ServiceSpec,
  { env, hosts }: GatewayContext,
  secret: string,
): PlannedFile {
  const tls = spec.gatewayTls !== 'none';
  const http = { port: { number: 80, name: 'http', protocol: 'HTTP' } };
  return {
    layer: 'gateway',
    environment: env.name,
    fileName: 'gateway.yaml',
    kube: true,
    header: `The ${env.name} ingress for ${hosts.join(', ')} on Istio's shared ingress gateway.`,
    comments: tls
      ? {
          'spec.servers.0.tls.credentialName': `Istio reads this secret from the namespace of the gateway's pods (${spec.sharedGateway.namespace}), not from this one.`,
          'spec.servers.1.tls': 'Plain HTTP only redirects to HTTPS.',
        }
      : {
          'spec.servers.0':
            'Plain HTTP (gatewayTls: none): use only behind a TLS-terminating load balancer.',
        },
    object: new m.Gateway({
      metadata: {
        name: resourceNames(spec.name).gateway,
        labels: { [NAME_LABEL]: spec.name },
      },
      spec: {
        selector: { ...spec.sharedGateway.selector },
        servers: tls
          ? [
              {
                port: { number: 443, name: 'https', protocol: 'HTTPS' },
                hosts: [...hosts],
                tls: { mode: 'SIMPLE', credentialName: secret },
              },
              { ...http, hosts: [...hosts], tls: { httpsRedirect: true } },
            ]
          : [{ ...http, hosts: [...hosts] }],
      },
    }),
  };
}

/** One environment's objects on the shared ingress gateway: Gateway, VirtualService, certificate. */
export function sharedIngressFiles(
  m: Models,
  spec: ServiceSpec,
  context: GatewayContext,
): PlannedFile[] {
  const names = resourceNames(spec.name);
  const env = context.env.name;
  const secret =
    spec.gatewayTls === 'existing-secret'
      ? spec.tlsSecretName!
      : names.sharedGatewayCertificate(env);
  return [
    gateway(m, spec, context, secret),
    { ...virtualService(m, spec, context.hosts), environment: env },
    ...(spec.gatewayTls === 'self-signed'
      ? selfSignedCertificate(m, spec, context, {
          certificate: secret,
          issuer: names.sharedSelfSignedIssuer(env),
          namespace: spec.sharedGateway.namespace,
        })
      : []),
  ];
}
