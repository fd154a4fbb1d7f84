import type {
  KubeObject,
  SidecarStatus,
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

function injectionFromManifests(
  objects: KubeObject[],
  namespace: string,
  workload: string,
): { namespace?: boolean; pod?: boolean; evidence: string[] } {
  const evidence: string[] = [];
  let namespaceInjection: boolean | undefined;
  let podInjection: boolean | undefined;
  const ns = objects.find(
    o => o.kind === 'Namespace' && o.metadata.name === namespace,
  );
  const nsLabels = ns?.metadata.labels ?? {};
  if (nsLabels['istio-injection'] !== undefined) {
    namespaceInjection = nsLabels['istio-injection'] === 'enabled';
    evidence.push(
      `Git: namespace label istio-injection=${nsLabels['istio-injection']}`,
    );
  } else if (nsLabels['istio.io/rev'] !== undefined) {
    namespaceInjection = true;
    evidence.push(
      `Git: namespace label istio.io/rev=${nsLabels['istio.io/rev']}`,
    );
  }
  const owner = objects.find(
    o =>
      ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) &&
      o.metadata.name === workload,
  );
  const template = owner?.spec?.template?.metadata ?? {};
  const podFlag =
    template.labels?.['sidecar.istio.io/inject'] ??
    template.annotations?.['sidecar.istio.io/inject'];
  if (podFlag !== undefined) {
    podInjection = String(podFlag) === 'true';
    evidence.push(`Git: pod template sidecar.istio.io/inject=${podFlag}`);
  }
  return { namespace: namespaceInjection, pod: podInjection, evidence };
}

/**
 * Is the workload in the mesh? Kiali's live view (sidecar present, proxies synced for every replica) wins
 * over what the manifests declare; when the workload is not (fully) meshed, says how to fix it.
 */
export function sidecarStatus(input: SidecarEvidence): SidecarStatus {
  const { namespace, workload } = input;
  const git = input.manifests
    ? injectionFromManifests(input.manifests, namespace, workload)
    : { evidence: [] as string[] };
  const evidence = [...git.evidence];
  let injected: boolean | null = null;

  if (git.pod !== undefined) injected = git.pod;
  else if (git.namespace !== undefined) injected = git.namespace;

  let partiallySynced = false;
  if (input.kialiWorkload) {
    injected = input.kialiWorkload.istioSidecar;
    evidence.push(
      `Kiali: istioSidecar=${input.kialiWorkload.istioSidecar}${input.kialiWorkload.isAmbient ? ' (ambient)' : ''}`,
    );
  }
  if (input.kialiStatus) {
    const { syncedProxies, availableReplicas, desiredReplicas } =
      input.kialiStatus;
    const replicas = Math.max(availableReplicas, desiredReplicas);
    evidence.push(`Kiali: ${syncedProxies}/${replicas} proxies synced`);
    if (syncedProxies >= 0 && syncedProxies < replicas) {
      partiallySynced = syncedProxies > 0;
      injected = false;
    }
  }

  if (injected !== false) return { injected, evidence };
  const restart = `kubectl rollout restart deployment/${workload} -n ${namespace}`;
  let fix: string;
  if (git.pod === false) {
    fix = `Remove sidecar.istio.io/inject: "false" from the pod template of ${workload} in Git, then let Argo CD sync.`;
  } else if (partiallySynced || git.namespace === true) {
    fix = `Pods started before injection was enabled have no sidecar: ${restart}`;
  } else {
    fix = `kubectl label namespace ${namespace} istio-injection=enabled && ${restart} (better: add the label to the Namespace manifest in Git)`;
  }
  return { injected, evidence, fix };
}
