import type {
  DeclaredMtls,
  KubeObject,
} from '@meshport/plugin-service-mesh-common';

/** Istio's root namespace, whose selector-less PeerAuthentication is the mesh-wide default. */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

type Mode = DeclaredMtls['mode'];
const MODES: Mode[] = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'];

const isKind = (object: KubeObject, group: string, kind: string) =>
  object.kind === kind && object.apiVersion.startsWith(`${group}/`);

/** The namespace an object lands in: its own, else the one Argo CD deploys it into. */
const namespaceOf = (object: KubeObject, deployNamespace: string) =>
  object.metadata.namespace ?? deployNamespace;

const ref = (object: KubeObject, deployNamespace: string) =>
  `${object.kind}/${namespaceOf(object, deployNamespace)}/${object.metadata.name}`;

/** The pod labels of the workload: from its Deployment/StatefulSet in the manifests, else `app: <workload>`. */
export function workloadLabels(
  objects: KubeObject[],
  workload: string,
): Record<string, string> {
  const owner = objects.find(
    o =>
      ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) &&
      o.metadata.name === workload,
  );
  const labels = owner?.spec?.template?.metadata?.labels;
  return labels && typeof labels === 'object' ? labels : { app: workload };
}

function selects(
  matchLabels: unknown,
  labels: Record<string, string>,
): boolean {
  if (!matchLabels || typeof matchLabels !== 'object') return false;
  return Object.entries(matchLabels as Record<string, unknown>).every(
    ([key, value]) => labels[key] === value,
  );
}

function modeOf(object: KubeObject): Mode {
  const mode = object.spec?.mtls?.mode;
  return MODES.includes(mode) ? mode : 'UNSET';
}

/** True when a DestinationRule host names the workload's service in the namespace. */
function hostIsWorkload(host: unknown, workload: string, namespace: string) {
  if (typeof host !== 'string') return false;
  const [name, ns] = host.split('.');
  return name === workload && (ns === undefined || ns === namespace);
}

/**
 * The mTLS mode that the manifests declare for a workload deployed into `namespace`, following Istio's
 * precedence: a workload PeerAuthentication (selector matching the pod labels) over the namespace's
 * selector-less one over the mesh-wide one in the root namespace; `UNSET` inherits from the next level.
 * Also lists DestinationRules for the workload whose client TLS mode is not `ISTIO_MUTUAL`.
 */
export function declaredMtls(
  objects: KubeObject[],
  namespace: string,
  workload: string,
  location: string,
): DeclaredMtls {
  const labels = workloadLabels(objects, workload);
  const policies = objects.filter(o =>
    isKind(o, 'security.istio.io', 'PeerAuthentication'),
  );
  const inNamespace = (o: KubeObject, ns: string) =>
    namespaceOf(o, namespace) === ns;
  const levels = [
    policies.filter(
      o =>
        inNamespace(o, namespace) &&
        selects(o.spec?.selector?.matchLabels, labels),
    ),
    policies.filter(o => inNamespace(o, namespace) && !o.spec?.selector),
    policies.filter(
      o => inNamespace(o, ISTIO_ROOT_NAMESPACE) && !o.spec?.selector,
    ),
  ];
  let mode: Mode = 'UNSET';
  const used: string[] = [];
  for (const level of levels) {
    for (const policy of level) {
      used.push(ref(policy, namespace));
      if (mode === 'UNSET') mode = modeOf(policy);
    }
    if (mode !== 'UNSET') break;
  }

  const weakDestinationRules = objects
    .filter(
      o =>
        isKind(o, 'networking.istio.io', 'DestinationRule') &&
        hostIsWorkload(o.spec?.host, workload, namespace),
    )
    .filter(o => {
      const tlsMode = o.spec?.trafficPolicy?.tls?.mode;
      return tlsMode !== undefined && tlsMode !== 'ISTIO_MUTUAL';
    })
    .map(o => ref(o, namespace));

  return { mode, objects: used, weakDestinationRules, location };
}
