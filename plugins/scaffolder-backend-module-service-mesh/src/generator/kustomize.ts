/*
 * The kustomize layer: the base's kustomization lists the environment-independent files; each
 * environment's overlay puts the base into its namespace.
 */
import { stringify } from 'yaml';
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

/** The namespace an object names itself: such an object keeps it in the overlay (shared ingress). */
export function ownNamespace(file: PlannedFile): string | undefined {
  const o = file.object as { metadata?: { namespace?: string } };
  return o.metadata?.namespace;
}

/**
 * An environment overlay's kustomization.yaml: the base plus the overlay's own files, in its namespace.
 * When an overlay file names its own namespace (a certificate for the shared ingress gateway), the
 * namespace is set by a NamespaceTransformer with unsetOnly (kustomize 5), which leaves it alone;
 * kustomize's `namespace:` field would move it.
 */
export function overlayKustomization(
  env: ServiceSpec['environments'][number],
  overlay: PlannedFile[],
): PlannedFile {
  const keepsOwn = overlay.some(f => ownNamespace(f) !== undefined);
  const resources = [OVERLAY_BASE_REFERENCE, ...overlay.map(f => f.fileName)];
  return {
    layer: 'kustomize',
    environment: env.name,
    fileName: 'kustomization.yaml',
    kube: false,
    header: `The ${env.name} environment: the base in namespace ${env.namespace}.`,
    comments: keepsOwn
      ? {
          transformers: `Puts every object without a namespace into ${env.namespace}; the certificate keeps its own.`,
        }
      : undefined,
    object: keepsOwn
      ? {
          ...KUSTOMIZATION,
          resources,
          transformers: [
            stringify({
              apiVersion: 'builtin',
              kind: 'NamespaceTransformer',
              metadata: {
                name: 'environment-namespace',
                namespace: env.namespace,
              },
              unsetOnly: true,
            }),
          ],
        }
      : { ...KUSTOMIZATION, namespace: env.namespace, resources },
  };
}
