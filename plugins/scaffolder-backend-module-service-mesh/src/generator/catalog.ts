/*
 * The catalog layer: the Component entity whose annotations connect the Meshport, Argo CD, Kubernetes,
 * Kiali and Jaeger plugins to what the other layers generate.
 */
import {
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_ARGOCD_PROJECT_NAME,
  ANNOTATION_JAEGER_SERVICE,
  ANNOTATION_KIALI_NAMESPACE,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_MESH_MANIFESTS,
  ANNOTATION_MESH_WORKLOAD,
  ANNOTATION_SOURCE_LOCATION,
} from '@meshport/plugin-service-mesh-common';
import { CATALOG_FILE, NAME_LABEL } from '../layout';
import { ServiceSpec } from '../spec/input';
import { onlyIf, PlannedFile, RepoLocation } from './planned';

/** The ref of the entity catalog-info.yaml declares (no namespace: the catalog's `default`). */
export function componentRef(spec: ServiceSpec): string {
  return `component:default/${spec.name}`;
}

/** catalog-info.yaml at the repository root. */
export function catalogFile(
  spec: ServiceSpec,
  repo: RepoLocation,
): PlannedFile {
  const annotations: Record<string, string> = {
    [ANNOTATION_ARGOCD_APP_SELECTOR]: `${NAME_LABEL}=${spec.name}`,
    [ANNOTATION_ARGOCD_PROJECT_NAME]: spec.argocdProject,
    [ANNOTATION_KUBERNETES_ID]: spec.name,
    [ANNOTATION_MESH_WORKLOAD]: spec.name,
    [ANNOTATION_MESH_MANIFESTS]: repo.manifestsLocation,
    [ANNOTATION_KIALI_NAMESPACE]: spec.environments
      .map(e => e.namespace)
      .join(','),
    [ANNOTATION_JAEGER_SERVICE]: spec.name,
    ...onlyIf(repo.sourceLocation, {
      [ANNOTATION_SOURCE_LOCATION]: repo.sourceLocation!,
    }),
  };
  return {
    layer: 'catalog',
    fileName: CATALOG_FILE,
    kube: false,
    header: `Catalog entry of ${spec.name}. The annotations connect the Meshport, Argo CD, Kubernetes, Kiali and Jaeger plugins.`,
    object: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: spec.name,
        ...onlyIf(spec.description, { description: spec.description }),
        annotations,
        tags: ['istio', 'argocd'],
      },
      spec: {
        type: 'service',
        lifecycle: spec.lifecycle,
        owner: spec.owner,
        ...onlyIf(spec.system, { system: spec.system }),
      },
    },
  };
}
