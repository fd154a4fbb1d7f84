/*
 * The mesh layer: the Istio objects of the service inside the mesh (traffic policy, routes, mTLS mode,
 * who may call it), all in the base.
 */
import { NAME_LABEL, principal, resourceNames } from '../layout';
import { ServiceSpec } from '../spec/input';
import { Models } from './models';
import { onlyIf, PlannedFile } from './planned';
import { workloadVersions } from './workload';

function routeDestinations(spec: ServiceSpec) {
  const port = { number: spec.port };
  if (!spec.canary) return [{ destination: { host: spec.name, port } }];
  return workloadVersions(spec).map(v => ({
    destination: { host: spec.name, subset: v.version, port },
    weight: v.weight,
  }));
}

/**
 * The VirtualService inside the mesh, or (with `ingressHosts`) the one bound to the service's Istio
 * Gateway for those hosts.
 */
export function virtualService(
  m: Models,
  spec: ServiceSpec,
  ingressHosts?: string[],
): PlannedFile {
  const names = resourceNames(spec.name);
  const ingress = ingressHosts !== undefined;
  const routes =
    spec.protocol === 'TCP'
      ? { tcp: [{ route: routeDestinations(spec) }] }
      : {
          http: [
            {
              timeout: `${spec.timeoutSeconds}s`,
              ...onlyIf(spec.retries > 0, {
                retries: {
                  attempts: spec.retries,
                  perTryTimeout: `${Math.max(spec.timeoutSeconds / (spec.retries + 1), 0.001)}s`,
                  retryOn:
                    'connect-failure,refused-stream,unavailable,cancelled,5xx',
                },
              }),
              route: routeDestinations(spec),
            },
          ],
        };
  return {
    layer: ingress ? 'gateway' : 'mesh',
    fileName: `virtualservice${ingress ? '-ingress' : ''}.yaml`,
    kube: true,
    header: ingress
      ? `Routes traffic entering through Gateway ${names.gateway} for ${ingressHosts.join(', ')}.`
      : `Routes traffic to ${spec.name} inside the mesh.`,
    comments: {
      ...onlyIf(spec.protocol !== 'TCP' && spec.retries > 0, {
        'spec.http.0.retries':
          'Each try gets an equal share of the timeout, so all tries fit within it.',
      }),
      ...onlyIf(spec.canary, {
        [`spec.${spec.protocol === 'TCP' ? 'tcp' : 'http'}.0.route`]:
          'Canary split; the weights sum to 100.',
      }),
    },
    object: new m.VirtualService({
      metadata: {
        name: ingress ? names.ingressVirtualService : spec.name,
        labels: { [NAME_LABEL]: spec.name },
      },
      spec: {
        hosts: ingress ? [...ingressHosts] : [spec.name],
        ...onlyIf(ingress, { gateways: [names.gateway] }),
        ...routes,
      },
    }),
  };
}

function destinationRule(m: Models, spec: ServiceSpec): PlannedFile {
  const outlierDetection = {
    consecutive5xxErrors: 5,
    interval: '10s',
    baseEjectionTime: '30s',
    maxEjectionPercent: 50,
  };
  return {
    layer: 'mesh',
    fileName: 'destinationrule.yaml',
    kube: true,
    header: `Traffic policy for calls to ${spec.name}.`,
    comments: {
      'spec.trafficPolicy.tls':
        'ISTIO_MUTUAL: calls use the mesh certificates, matching the PeerAuthentication.',
      ...onlyIf(spec.outlierDetection, {
        'spec.trafficPolicy.outlierDetection':
          'Ejects a pod for 30s after 5 consecutive 5xx errors, at most half of the pods.',
      }),
    },
    object: new m.DestinationRule({
      metadata: { name: spec.name, labels: { [NAME_LABEL]: spec.name } },
      spec: {
        host: spec.name,
        trafficPolicy: {
          tls: { mode: 'ISTIO_MUTUAL' },
          ...onlyIf(spec.outlierDetection, { outlierDetection }),
        },
        ...onlyIf(spec.canary, {
          subsets: workloadVersions(spec).map(v => ({
            name: v.version,
            labels: { version: v.version },
          })),
        }),
      },
    }),
  };
}

function peerAuthentication(m: Models, spec: ServiceSpec): PlannedFile {
  return {
    layer: 'mesh',
    fileName: 'peerauthentication.yaml',
    kube: true,
    header: `mTLS mode of ${spec.name}'s pods.`,
    comments: {
      'spec.mtls':
        spec.mtlsMode === 'STRICT'
          ? 'STRICT: only mesh clients with a certificate can connect.'
          : 'PERMISSIVE accepts plain text too: use it only while clients migrate into the mesh, then switch to STRICT.',
    },
    object: new m.PeerAuthentication({
      metadata: { name: spec.name, labels: { [NAME_LABEL]: spec.name } },
      spec: {
        selector: { matchLabels: { app: spec.name } },
        mtls: { mode: spec.mtlsMode },
      },
    }),
  };
}

function authorizationPolicy(m: Models, spec: ServiceSpec): PlannedFile {
  const callers = [...spec.allowedCallers];
  const principals = callers
    .filter(c => c.includes('/'))
    .map(c => principal(c.split('/')[0], c.split('/')[1]));
  const namespaces = callers.filter(c => !c.includes('/'));
  const rules = [
    ...(namespaces.length ? [{ from: [{ source: { namespaces } }] }] : []),
    ...(principals.length ? [{ from: [{ source: { principals } }] }] : []),
  ];
  return {
    layer: 'mesh',
    fileName: 'authorizationpolicy.yaml',
    kube: true,
    header:
      (rules.length
        ? `Allows only the listed callers to reach ${spec.name}; every other request is denied.`
        : `An ALLOW policy without rules: every request to ${spec.name} is denied until callers are added.`) +
      (spec.exposure === 'gateway'
        ? "\nEach overlay's authorizationpolicy-ingress.yaml also lets its ingress gateway in."
        : ''),
    comments: onlyIf(rules.length, {
      'spec.rules':
        'Principals and namespaces come from mTLS peer certificates: plain-text callers match no rule.',
    }),
    object: new m.AuthorizationPolicy({
      metadata: { name: spec.name, labels: { [NAME_LABEL]: spec.name } },
      spec: {
        selector: { matchLabels: { app: spec.name } },
        action: 'ALLOW',
        ...onlyIf(rules.length, { rules }),
      },
    }),
  };
}

/** The base's mesh objects: DestinationRule, VirtualService, PeerAuthentication, AuthorizationPolicy. */
export function meshFiles(m: Models, spec: ServiceSpec): PlannedFile[] {
  return [
    destinationRule(m, spec),
    virtualService(m, spec),
    peerAuthentication(m, spec),
    authorizationPolicy(m, spec),
  ];
}
