/*
 * The gateway layer: what exposure "gateway" adds to the base: the Gateway, the VirtualService bound
 * to it and, for a self-signed certificate, cert-manager's Issuer and Certificate.
 */
import { NAME_LABEL, resourceNames } from '../layout';
import { ServiceSpec } from '../spec/input';
import { virtualService } from './mesh';
import { Models } from './models';
import { PlannedFile } from './planned';

function gateway(m: Models, spec: ServiceSpec, secret: string): PlannedFile {
  const tls = spec.gatewayTls !== 'none';
  const http = { port: { number: 80, name: 'http', protocol: 'HTTP' } };
  return {
    layer: 'gateway',
    fileName: 'gateway.yaml',
    kube: true,
    header: `Ingress for ${spec.hosts.join(', ')} on Istio's ingress gateway.`,
    comments: tls
      ? {
          'spec.servers.0.tls.credentialName':
            "Istio reads this secret from the namespace of the gateway's pods: run a gateway in this namespace or copy the secret there.",
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
        selector: { istio: 'ingressgateway' },
        servers: tls
          ? [
              {
                port: { number: 443, name: 'https', protocol: 'HTTPS' },
                hosts: [...spec.hosts],
                tls: { mode: 'SIMPLE', credentialName: secret },
              },
              { ...http, hosts: [...spec.hosts], tls: { httpsRedirect: true } },
            ]
          : [{ ...http, hosts: [...spec.hosts] }],
      },
    }),
  };
}

function selfSignedCertificate(
  m: Models,
  spec: ServiceSpec,
  secret: string,
): PlannedFile[] {
  const names = resourceNames(spec.name);
  const labels = { [NAME_LABEL]: spec.name };
  return [
    {
      layer: 'gateway',
      fileName: 'issuer.yaml',
      kube: true,
      header:
        'Self-signed issuer for the gateway certificate: for development; browsers will not trust it.',
      object: new m.Issuer({
        metadata: { name: names.selfSignedIssuer, labels },
        spec: { selfSigned: {} },
      }),
    },
    {
      layer: 'gateway',
      fileName: 'certificate.yaml',
      kube: true,
      header:
        'The gateway certificate. cert-manager creates the key in the cluster: no key is stored in Git.',
      comments: {
        'spec.privateKey.rotationPolicy': 'A new key at every renewal.',
      },
      object: new m.Certificate({
        metadata: { name: names.gatewayCertificate, labels },
        spec: {
          secretName: secret,
          dnsNames: [...spec.hosts],
          duration: '2160h',
          renewBefore: '360h',
          privateKey: {
            algorithm: 'ECDSA',
            size: 256,
            rotationPolicy: 'Always',
          },
          issuerRef: {
            name: names.selfSignedIssuer,
            kind: 'Issuer',
            group: 'cert-manager.io',
          },
        },
      }),
    },
  ];
}

/** The base's gateway objects; none unless the service is exposed through the gateway. */
export function gatewayFiles(m: Models, spec: ServiceSpec): PlannedFile[] {
  if (spec.exposure !== 'gateway') return [];
  const secret =
    spec.gatewayTls === 'existing-secret'
      ? spec.tlsSecretName!
      : resourceNames(spec.name).gatewayCertificate;
  return [
    gateway(m, spec, secret),
    virtualService(m, spec, true),
    ...(spec.gatewayTls === 'self-signed'
      ? selfSignedCertificate(m, spec, secret)
      : []),
  ];
}
