import {
  ISTIO_INJECTION_LABEL,
  SIDECAR_INJECT_KEY,
  findPodController,
  namespaceInjection,
  podInjection,
  podTemplateMetadata,
  sidecarInjected,
  type InjectionSetting,
  type KubeObject,
  type SidecarStatus,
} from '@meshport/plugin-service-mesh-common';
import type { KialiWorkload, KialiWorkloadStatus } from '../kiali';

/** What the sidecar judgement can draw on; each part is absent when its source gave nothing. */
export interface SidecarEvidence {
  namespace: string;
  workload: string;
  /** Manifests from Git (Namespace labels, pod template labels/annotations). */
  manifests?: KubeObject[];
  /** Kiali's workload (istioSidecar). */
  kialiWorkload?: KialiWorkload;
  /** Kiali's workload status (synced proxies against replicas). */
  kialiStatus?: KialiWorkloadStatus;
}

/** What the manifests in Git say about injection for the workload, at namespace and pod level. */
function injectionFromManifests(
  objects: KubeObject[],
  namespace: string,
  workload: string,
): { namespace?: InjectionSetting; pod?: InjectionSetting } {
  const ns = objects.find(
    o => o.kind === 'Namespace' && o.metadata.name === namespace,
  );
  const owner = findPodController(objects, workload);
  const template = owner ? podTemplateMetadata(owner) : undefined;
  return {
    namespace: namespaceInjection(ns?.metadata.labels),
    pod: template && podInjection(template.labels, template.annotations),
  };
}

/**
 * Is the workload in the mesh? Kiali's live view (sidecar present, proxies synced for every replica) wins
 * over what the manifests declare; when the workload is not (fully) meshed, says how to fix it.
 */
export function sidecarStatus(input: SidecarEvidence): SidecarStatus {
  const { namespace, workload } = input;
  const git = input.manifests
    ? injectionFromManifests(input.manifests, namespace, workload)
    : {};
  const evidence: string[] = [];
  if (git.namespace) {
    evidence.push(
      `Git: namespace label ${git.namespace.key}=${git.namespace.value}`,
    );
  }
  if (git.pod) {
    evidence.push(`Git: pod template ${git.pod.key}=${git.pod.value}`);
  }
  let injected: boolean | null =
    sidecarInjected(git.namespace, git.pod) ?? null;

  let partiallySynced = false;
  if (input.kialiWorkload) {
    injected = input.kialiWorkload.istioSidecar;
    evidence.push(
      `Kiali: istioSidecar=${input.kialiWorkload.istioSidecar}${input.kialiWorkload.isAmbient ? ' (ambient)' : ''}`,
    );
  }
  // Kiali reads the workload's own sidecar.istio.io/inject (label, then pod template annotation).
  const kialiOptOut = input.kialiWorkload?.istioInjectionAnnotation === false;
  if (kialiOptOut) {
    evidence.push(`Kiali: ${SIDECAR_INJECT_KEY}=false on the workload`);
  }
  if (input.kialiStatus) {
    const { syncedProxies, availableReplicas, desiredReplicas } =
      input.kialiStatus;
    const replicas = Math.max(availableReplicas, desiredReplicas);
    // -1: Kiali found no sidecar (or no proxy status) to count, so proxy sync does not apply.
    evidence.push(
      syncedProxies < 0
        ? 'Kiali: proxy sync not applicable (no sidecar proxy reports a status)'
        : `Kiali: ${syncedProxies}/${replicas} proxies synced`,
    );
    if (syncedProxies >= 0 && syncedProxies < replicas) {
      partiallySynced = syncedProxies > 0;
      injected = false;
    }
  }

  if (injected !== false) return { injected, evidence };
  const restart = `kubectl rollout restart deployment/${workload} -n ${namespace}`;
  let fix: string;
  let optOut: { key: string; value: string } | undefined;
  if (git.pod?.enabled === false) optOut = git.pod;
  else if (kialiOptOut) optOut = { key: SIDECAR_INJECT_KEY, value: 'false' };
  if (optOut) {
    // The workload refuses the sidecar itself: labelling the namespace changes nothing.
    fix = `${workload} opts out of the mesh with ${optOut.key}: "${optOut.value}"; if it belongs in the mesh, remove that from its pod template in Git, let Argo CD sync, then ${restart}`;
  } else if (partiallySynced || git.namespace?.enabled === true) {
    fix = `Pods started before injection was enabled have no sidecar: ${restart}`;
  } else {
    fix = `kubectl label namespace ${namespace} ${ISTIO_INJECTION_LABEL}=enabled && ${restart} (better: add the label to the Namespace manifest in Git)`;
  }
  return { injected, evidence, fix };
}
