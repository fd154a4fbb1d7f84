/*
 * The default gateway: a Kubernetes Gateway API Gateway with gatewayClassName "istio". Istio deploys a
 * gateway (Deployment, Service, ServiceAccount <gateway>-istio) in the Gateway's namespace, so the
 * certificate beside it is where the gateway reads it, on a default install. HTTPRoutes carry the
 * hosts and the backends; gRPC is HTTP/2 and goes through the same route.
 */
import { ISTIO_GATEWAY_CLASS } from '@meshport/plugin-service-mesh-common';
import { NAME_LABEL, resourceNames } from '../layout';
import { ServiceSpec } from '../spec/input';
import type { GatewayContext } from './gateway';
import { selfSignedCertificate } from './gateway';
import { Models } from './models';
import { PlannedFile } from './planned';
import { servicePorts, workloadVersions } from './workload';

/** A Gateway API duration (`[0-9]{1,5}` per unit): whole seconds, then the milliseconds left. */
function duration(seconds: number): string {
  const whole = Math.floor(seconds);
  const ms = Math.round((seconds - whole) * 1000);
  return `${whole ? `${whole}s` : ''}${ms ? `${ms}ms` : ''}` || '1ms';
}

function gateway(
  m: Models,
  spec: ServiceSpec,
  { env }: GatewayContext,
): PlannedFile {
  const names = resourceNames(spec.name);
  const tls = spec.gatewayTls !== 'none';
  const secret =
    spec.gatewayTls === 'existing-secret'
      ? spec.tlsSecretName!
      : names.gatewayCertificate;
  const sameNamespace = { namespaces: { from: 'Same' } };
  const http = {
    name: 'http',
    port: 80,
    protocol: 'HTTP',
    allowedRoutes: sameNamespace,
  };
  return {
    layer: 'gateway',
    environment: env.name,
    fileName: 'gateway.yaml',
    kube: true,
    header: `The ${env.name} ingress: Istio deploys a gateway for it in this namespace (${names.deployedGateway}).`,
    comments: tls
      ? {
          'spec.listeners.0.tls.certificateRefs':
            "A Secret in the Gateway's namespace, where Istio runs this gateway and reads the certificate.",
          'spec.listeners.1': `Plain HTTP only redirects to HTTPS (HTTPRoute ${names.httpsRedirect}).`,
        }
      : {
          'spec.listeners.0':
            'Plain HTTP (gatewayTls: none): use only behind a TLS-terminating load balancer.',
        },
    object: new m.KubernetesGateway({
      metadata: { name: names.gateway, labels: { [NAME_LABEL]: spec.name } },
      spec: {
        gatewayClassName: ISTIO_GATEWAY_CLASS,
        listeners: tls
          ? [
              {
                name: 'https',
                port: 443,
                protocol: 'HTTPS',
                tls: {
                  mode: 'Terminate',
                  certificateRefs: [{ kind: 'Secret', name: secret }],
                },
                allowedRoutes: sameNamespace,
              },
              http,
            ]
          : [http],
      },
    }),
  };
}

/** The route's backends: the Service, or one Service per canary version with its weight. */
function backendRefs(spec: ServiceSpec) {
  if (!spec.canary) return [{ name: spec.name, port: spec.port }];
  return workloadVersions(spec).map(v => ({
    name: resourceNames(spec.name).versionService(v.version),
    port: spec.port,
    weight: v.weight,
  }));
}

function routes(m: Models, spec: ServiceSpec, { env, hosts }: GatewayContext) {
  const names = resourceNames(spec.name);
  const tls = spec.gatewayTls !== 'none';
  const parent = (sectionName: string) => [
    { name: names.gateway, sectionName },
  ];
  const labels = { [NAME_LABEL]: spec.name };
  const files: PlannedFile[] = [
    {
      layer: 'gateway',
      environment: env.name,
      fileName: 'httproute.yaml',
      kube: true,
      header: `Routes ${hosts.join(', ')} from Gateway ${names.gateway} to ${spec.name}.`,
      comments: {
        'spec.rules.0.timeouts':
          'The whole request at the gateway; retries of calls inside the mesh are in the VirtualService.',
        ...(spec.canary
          ? {
              'spec.rules.0.backendRefs':
                'Canary split at the gateway: one Service per version, the weights sum to 100.',
            }
          : {}),
      },
      object: new m.HTTPRoute({
        metadata: { name: names.ingress, labels },
        spec: {
          parentRefs: parent(tls ? 'https' : 'http'),
          hostnames: [...hosts],
          rules: [
            {
              backendRefs: backendRefs(spec),
              timeouts: { request: duration(spec.timeoutSeconds) },
            },
          ],
        },
      }),
    },
  ];
  if (tls) {
    files.push({
      layer: 'gateway',
      environment: env.name,
      fileName: 'httproute-to-https.yaml',
      kube: true,
      header: `Redirects plain HTTP for ${hosts.join(', ')} to HTTPS.`,
      object: new m.HTTPRoute({
        metadata: { name: names.httpsRedirect, labels },
        spec: {
          parentRefs: parent('http'),
          hostnames: [...hosts],
          rules: [
            {
              filters: [
                {
                  type: 'RequestRedirect',
                  requestRedirect: { scheme: 'https', statusCode: 301 },
                },
              ],
            },
          ],
        },
      }),
    });
  }
  return files;
}

/** With a canary, a Service per version: Gateway API routes split traffic between Services. */
function versionServices(
  m: Models,
  spec: ServiceSpec,
  { env }: GatewayContext,
) {
  if (!spec.canary) return [];
  return workloadVersions(spec).map((v): PlannedFile => ({
    layer: 'gateway',
    environment: env.name,
    fileName: `service-${v.version}.yaml`,
    kube: true,
    header: `The pods of ${spec.name} ${v.version}, a backend of the weighted ingress route.`,
    object: new m.Service({
      metadata: {
        name: resourceNames(spec.name).versionService(v.version),
        labels: { [NAME_LABEL]: spec.name },
      },
      spec: {
        selector: { app: spec.name, version: v.version },
        ports: servicePorts(spec),
      },
    }),
  }));
}

/** One environment's Gateway API objects: Gateway, HTTPRoutes, per-version Services, certificate. */
export function gatewayApiFiles(
  m: Models,
  spec: ServiceSpec,
  context: GatewayContext,
): PlannedFile[] {
  const names = resourceNames(spec.name);
  return [
    gateway(m, spec, context),
    ...routes(m, spec, context),
    ...versionServices(m, spec, context),
    ...(spec.gatewayTls === 'self-signed'
      ? selfSignedCertificate(m, spec, context, {
          certificate: names.gatewayCertificate,
          issuer: names.selfSignedIssuer,
        })
      : []),
  ];
}
