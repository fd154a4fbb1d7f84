/*
 * The upstream Helm charts the platform installs, pinned: repository, chart, version, and the API
 * groups whose CRDs each one installs (what sync waves order by). One place; the generator, the
 * README and the tests read it. Each version has a fixture of its values keys in
 * src/__fixtures__/helm-values (with the upstream commit it was read from).
 */

/** Istio versions the wizard offers; the Istio CRD schemas of @kubernetes-models/istio 3 cover them. */
export const ISTIO_VERSIONS = ['1.29.6', '1.30.3'] as const;
/** An offered Istio version. */
export type IstioVersion = (typeof ISTIO_VERSIONS)[number];

const ISTIO_REPO = 'https://istio-release.storage.googleapis.com/charts';
const JETSTACK_REPO = 'https://charts.jetstack.io';

/** A pinned chart. */
export interface PinnedChart {
  repoURL: string;
  chart: string;
  version: string;
  /** API groups of the CRDs the chart installs. */
  crdGroups: string[];
}

/** The charts of the platform at one Istio version. */
export function platformCharts(istioVersion: IstioVersion) {
  const istio = (chart: string, crdGroups: string[] = []): PinnedChart => ({
    repoURL: ISTIO_REPO,
    chart,
    version: istioVersion,
    crdGroups,
  });
  return {
    certManager: {
      repoURL: JETSTACK_REPO,
      chart: 'cert-manager',
      version: 'v1.21.1',
      crdGroups: ['cert-manager.io', 'acme.cert-manager.io'],
    },
    istioCsr: {
      repoURL: JETSTACK_REPO,
      chart: 'cert-manager-istio-csr',
      version: 'v0.17.0',
      crdGroups: [],
    },
    istioBase: istio('base', [
      'networking.istio.io',
      'security.istio.io',
      'telemetry.istio.io',
      'extensions.istio.io',
    ]),
    istiod: istio('istiod'),
    gateway: istio('gateway'),
    prometheus: {
      repoURL: 'https://prometheus-community.github.io/helm-charts',
      chart: 'prometheus',
      version: '29.27.0',
      crdGroups: [],
    },
    grafana: {
      // The grafana chart moved from grafana/helm-charts to the community repository in January 2026.
      repoURL: 'https://grafana-community.github.io/helm-charts',
      chart: 'grafana',
      version: '12.11.1',
      crdGroups: [],
    },
    kiali: {
      repoURL: 'https://kiali.org/helm-charts',
      chart: 'kiali-server',
      version: '2.29.0',
      crdGroups: [],
    },
    jaeger: {
      repoURL: 'https://jaegertracing.github.io/helm-charts',
      chart: 'jaeger',
      version: '4.11.1',
      crdGroups: [],
    },
  } satisfies Record<string, PinnedChart>;
}

/** The control plane's revision label for an Istio version: `1.29.6` → `1-29-6` (canary upgrades). */
export function istioRevision(version: IstioVersion): string {
  return version.replaceAll('.', '-');
}
