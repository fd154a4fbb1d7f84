import type { KubeObject } from '../analyzer/types';

/** True when the object is `kind` of the API group `group` (any version: v1, v1beta1, ...). */
export function isKind(
  object: KubeObject,
  group: string,
  kind: string,
): boolean {
  return object.kind === kind && object.apiVersion.startsWith(`${group}/`);
}

/**
 * The namespace an object lands in: its own, else `fallback` — `default` for `kubectl apply`, the
 * destination namespace for Argo CD.
 */
export function namespaceOf(object: KubeObject, fallback: string): string {
  return object.metadata.namespace ?? fallback;
}

/** Pod controllers whose pod template carries the labels and annotations Istio reads. */
export const POD_CONTROLLER_KINDS: readonly string[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
];

/** True when the object is a pod controller of the `apps` or `batch` API group. */
export function isPodController(object: KubeObject): boolean {
  return (
    POD_CONTROLLER_KINDS.includes(object.kind) &&
    (object.apiVersion.startsWith('apps/') ||
      object.apiVersion.startsWith('batch/'))
  );
}

/** The labels and annotations of a pod controller's pod template (empty when it has none). */
export function podTemplateMetadata(object: KubeObject): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const meta = object.spec?.template?.metadata ?? {};
  return { labels: meta.labels ?? {}, annotations: meta.annotations ?? {} };
}

/** The pod controller named `name` among the objects, if any. */
export function findPodController(
  objects: KubeObject[],
  name: string,
): KubeObject | undefined {
  return objects.find(o => isPodController(o) && o.metadata.name === name);
}
