/*
 * Catalog annotations read by Meshport. Keys that other plugins already read (Argo CD, Kubernetes,
 * Kiali, Grafana, Jaeger) are re-exported here with the same meaning, so that one entity works with all.
 */

/** Argo CD application name (Roadie and community Argo CD plugins). */
export const ANNOTATION_ARGOCD_APP_NAME = 'argocd/app-name';
/** Argo CD application label selector, e.g. `app.kubernetes.io/name=checkout` (Roadie and community). */
export const ANNOTATION_ARGOCD_APP_SELECTOR = 'argocd/app-selector';
/** Argo CD project that the application(s) belong to. */
export const ANNOTATION_ARGOCD_PROJECT_NAME = 'argocd/project-name';
/** Namespace of the Argo CD Application objects ("apps in any namespace"). */
export const ANNOTATION_ARGOCD_APP_NAMESPACE = 'argocd/app-namespace';
/** Comma-separated Argo CD instance names, as configured (community Argo CD plugin). */
export const ANNOTATION_ARGOCD_INSTANCE_NAME = 'argocd/instance-name';
/** Kubernetes id that the Kubernetes plugin uses to find the entity's objects. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** Kubernetes namespace of the entity's workload. */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/** Kubernetes label selector of the entity's objects. */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/** Kiali namespace (Kiali plugin). */
export const ANNOTATION_KIALI_NAMESPACE = 'kiali.io/namespace';
/** Jaeger service name (Jaeger plugins). */
export const ANNOTATION_JAEGER_SERVICE = 'jaegertracing.io/service';
/** Where the entity's source lives (Backstage core); the default place to read manifests from. */
export const ANNOTATION_SOURCE_LOCATION = 'backstage.io/source-location';

/**
 * Meshport: name of the Kubernetes workload (Deployment) and of its `app` label. Defaults to
 * `backstage.io/kubernetes-id`, then to the entity name.
 */
export const ANNOTATION_MESH_WORKLOAD = 'meshport.io/workload';
/**
 * Meshport: location of the Kubernetes/Istio manifests in Git, in Backstage's `url:` form, e.g.
 * `url:https://github.com/acme/checkout/tree/main/deploy`. Defaults to `backstage.io/source-location`.
 */
export const ANNOTATION_MESH_MANIFESTS = 'meshport.io/manifests';

/**
 * Label on Argo CD Applications naming the environment they deploy (`dev`, `staging`, `prod`). An app
 * without it is named by its Argo CD application name.
 */
export const LABEL_ENVIRONMENT = 'meshport.io/environment';

/**
 * Annotation on an Argo CD Application (not on a catalog entity) that binds it to catalog entities: a
 * comma-separated list of entity refs, e.g. `component:default/checkout`. An entity reads and acts only
 * on applications that name it here, because the entity's author controls the entity's `argocd/*`
 * annotations but not the Application, which lives in Argo CD and the GitOps repository. The Meshport
 * generator writes it into every Application it generates.
 */
export const ANNOTATION_APPLICATION_ENTITY_REF = 'meshport.io/entity-ref';

/**
 * Meshport: on the System of a mesh platform (written by `meshport:platform:generate`), what services
 * created on the platform default to, as JSON: `{ clusters: [{ name, server }], environments:
 * [{ name, cluster }], gateway: { namespace, selector, serviceAccount, service }, argocd: { namespace,
 * project } }`. The service template reads it through the catalog and validates it like form input.
 */
export const ANNOTATION_MESH_PLATFORM = 'meshport.io/platform';

/** Annotations any one of which makes an entity meshed (see `isServiceMeshAvailable`). */
export const SERVICE_MESH_ANNOTATIONS: readonly string[] = [
  ANNOTATION_MESH_WORKLOAD,
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
];

/** Just the part of a catalog entity that the predicates read. */
export interface EntityWithAnnotations {
  metadata: { annotations?: Record<string, string> };
}

/**
 * True when the entity carries what Meshport needs to find its deployments: a Meshport workload, or an
 * Argo CD application name or selector. Apps use it in `EntitySwitch.Case`.
 */
export function isServiceMeshAvailable(entity: EntityWithAnnotations): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return SERVICE_MESH_ANNOTATIONS.some(key =>
    Boolean(annotations[key]?.trim()),
  );
}
