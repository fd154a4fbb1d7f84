import {
  destinationRulesForService,
  destinationRuleTlsModes,
  effectivePeerAuthentication,
  findPodController,
  namespaceOf,
  podTemplateMetadata,
  type DeclaredMtls,
  type KubeObject,
} from '@meshport/plugin-service-mesh-common';

/** `Kind/namespace/name`, with the deploy namespace for objects that name none. */
const ref = (object: KubeObject, deployNamespace: string) =>
  `${object.kind}/${namespaceOf(object, deployNamespace)}/${object.metadata.name}`;

/**
 * The mTLS mode that the manifests declare for a workload deployed into `namespace` (Istio's
 * PeerAuthentication precedence, from the common Istio module), the policies it was read from, and the
 * DestinationRules for the workload's Service whose rule-wide client TLS mode is not `ISTIO_MUTUAL`.
 * Without the workload's pod template in the manifests its pods are taken to carry `app: <workload>`.
 */
export function declaredMtls(
  objects: KubeObject[],
  namespace: string,
  workload: string,
  location: string,
): DeclaredMtls {
  const owner = findPodController(objects, workload);
  const podLabels = owner ? podTemplateMetadata(owner).labels : {};
  const labels = Object.keys(podLabels).length ? podLabels : { app: workload };
  const { mode, policies } = effectivePeerAuthentication(
    objects,
    { namespace, labels },
    namespace,
  );
  const weakDestinationRules = destinationRulesForService(
    objects,
    { name: workload, namespace },
    namespace,
  )
    .filter(rule =>
      destinationRuleTlsModes(rule).some(
        t => t.level === 'rule' && t.mode !== 'ISTIO_MUTUAL',
      ),
    )
    .map(rule => ref(rule, namespace));
  return {
    mode,
    objects: policies.map(p => ref(p, namespace)),
    weakDestinationRules,
    location,
  };
}
