/*
 * kubernetes-models 5 and its Istio, Argo CD, cert-manager and Gateway API companions are ESM-only: their package
 * exports have only an `import` condition, so `require()` cannot resolve them. They are loaded with a
 * dynamic import(), once; Jest maps the same specifiers to the files (see package.json "jest").
 */

/** Loads the model classes used by the generator. */
async function importModels() {
  const [
    { Namespace },
    { ServiceAccount },
    { Service },
    { Deployment },
    { Gateway },
    { VirtualService },
    { DestinationRule },
    { PeerAuthentication },
    { AuthorizationPolicy },
    { Application },
    { AppProject },
    { Issuer },
    { Certificate },
    { ClusterIssuer },
    { Telemetry },
    { Gateway: KubernetesGateway },
    { HTTPRoute },
  ] = await Promise.all([
    import('kubernetes-models/v1/Namespace'),
    import('kubernetes-models/v1/ServiceAccount'),
    import('kubernetes-models/v1/Service'),
    import('kubernetes-models/apps/v1/Deployment'),
    import('@kubernetes-models/istio/networking.istio.io/v1/Gateway'),
    import('@kubernetes-models/istio/networking.istio.io/v1/VirtualService'),
    import('@kubernetes-models/istio/networking.istio.io/v1/DestinationRule'),
    import('@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication'),
    import('@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy'),
    import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application'),
    import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject'),
    import('@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer'),
    import('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate'),
    import('@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer'),
    import('@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry'),
    import('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway'),
    import('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute'),
  ]);
  return {
    Namespace,
    ServiceAccount,
    Service,
    Deployment,
    Gateway,
    VirtualService,
    DestinationRule,
    PeerAuthentication,
    AuthorizationPolicy,
    Application,
    AppProject,
    Issuer,
    Certificate,
    ClusterIssuer,
    Telemetry,
    KubernetesGateway,
    HTTPRoute,
  };
}

/** The model classes, each with `.validate()` against its upstream schema. */
export type Models = Awaited<ReturnType<typeof importModels>>;

let loading: Promise<Models> | undefined;

/** The model classes, imported on first use. */
export function loadModels(): Promise<Models> {
  loading ??= importModels();
  return loading;
}
