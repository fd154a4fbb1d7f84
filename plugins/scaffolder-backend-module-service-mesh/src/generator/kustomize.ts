/*
 * The kustomize layer: the base's kustomization lists the environment-independent files; each
 * environment's overlay puts the base into its namespace.
 */
import { OVERLAY_BASE_REFERENCE } from '../layout';
import { ServiceSpec } from '../spec/input';
import { PlannedFile } from './planned';

const KUSTOMIZATION = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
};

/** The base's kustomization.yaml, listing `base` (the files in the base, in order). */
export function baseKustomization(base: PlannedFile[]): PlannedFile {
  return {
    layer: 'kustomize',
    fileName: 'kustomization.yaml',
    kube: false,
    header:
      'Environment-independent resources; each overlay sets the namespace.',
    object: { ...KUSTOMIZATION, resources: base.map(f => f.fileName) },
  };
}

/** An environment overlay's kustomization.yaml: the base plus the overlay's own files, in its namespace. */
export function overlayKustomization(
  env: ServiceSpec['environments'][number],
  overlay: PlannedFile[],
): PlannedFile {
  return {
    layer: 'kustomize',
    environment: env.name,
    fileName: 'kustomization.yaml',
    kube: false,
    header: `The ${env.name} environment: the base in namespace ${env.namespace}.`,
    object: {
      ...KUSTOMIZATION,
      namespace: env.namespace,
      resources: [OVERLAY_BASE_REFERENCE, ...overlay.map(f => f.fileName)],
    },
  };
}
