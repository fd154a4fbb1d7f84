import { parseManifests } from '@meshport/plugin-service-mesh-common';
import { appIdentity } from './appIdentity';
import { buildLinks } from './links';

/** Istio's bookinfo `details` (samples/bookinfo/platform/kube/bookinfo.yaml): Deployment `details-v1`, app `details`. */
const BOOKINFO_DETAILS = parseManifests(`
apiVersion: v1
kind: Service
metadata:
  name: details
  labels: { app: details, service: details }
spec:
  ports: [{ port: 9080, name: http }]
  selector: { app: details }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: details-v1
  labels: { app: details, version: v1 }
spec:
  replicas: 1
  selector: { matchLabels: { app: details, version: v1 } }
  template:
    metadata:
      labels: { app: details, version: v1 }
    spec:
      serviceAccountName: bookinfo-details
      containers:
        - name: details
          image: docker.io/istio/examples-bookinfo-details-v1:1.20.2
`);

const TOOLS = {
  kiali: { consoleUrl: 'https://kiali.test/kiali', majorVersion: 2 },
  grafana: {
    url: 'https://grafana.test',
    dashboards: { istioWorkload: 'UbsSZTDik', istioService: 'LJ_uJAvmk' },
  },
  jaegerUrl: 'https://jaeger.test',
};

describe('appIdentity', () => {
  it("names bookinfo's details-v1 by its app label and its Service", () => {
    expect(
      appIdentity({
        namespace: 'bookinfo',
        workload: 'details-v1',
        manifests: BOOKINFO_DETAILS,
      }),
    ).toEqual({ app: 'details', service: 'details' });
  });

  it("falls back to Kiali's workload labels, then to the workload name", () => {
    expect(
      appIdentity({
        namespace: 'bookinfo',
        workload: 'details-v1',
        kialiLabels: { app: 'details', version: 'v1' },
      }),
    ).toEqual({ app: 'details', service: 'details' });
    expect(
      appIdentity({ namespace: 'bookinfo', workload: 'details-v1' }),
    ).toEqual({ app: 'details-v1', service: 'details-v1' });
  });

  it('ignores an app label that is not a Kubernetes name', () => {
    expect(
      appIdentity({
        namespace: 'bookinfo',
        workload: 'details-v1',
        kialiLabels: { app: 'Details_App' },
      }),
    ).toEqual({ app: 'details-v1', service: 'details-v1' });
  });
});

describe('buildLinks with the app and the cluster', () => {
  it('links the Deployment as the workload and the app label as the application, service and trace service', () => {
    const identity = appIdentity({
      namespace: 'bookinfo',
      workload: 'details-v1',
      manifests: BOOKINFO_DETAILS,
    });
    const links = buildLinks(TOOLS, {
      namespace: 'bookinfo',
      workload: 'details-v1',
      ...identity,
    });
    expect(links.map(l => [l.title, l.url])).toEqual([
      [
        'Kiali: namespace graph',
        'https://kiali.test/kiali/console/graph/namespaces?namespaces=bookinfo&graphType=versionedApp',
      ],
      [
        'Kiali: workload graph',
        'https://kiali.test/kiali/console/graph/node/namespaces/bookinfo/workloads/details-v1',
      ],
      [
        'Kiali: workload',
        'https://kiali.test/kiali/console/namespaces/bookinfo/workloads/details-v1?tab=info',
      ],
      [
        'Kiali: application',
        'https://kiali.test/kiali/console/namespaces/bookinfo/applications/details',
      ],
      [
        'Kiali: service',
        'https://kiali.test/kiali/console/namespaces/bookinfo/services/details',
      ],
      [
        'Grafana: Istio workload dashboard',
        'https://grafana.test/d/UbsSZTDik/istio-workload-dashboard?var-namespace=bookinfo&var-workload=details-v1&var-qrep=destination',
      ],
      [
        'Grafana: Istio service dashboard',
        'https://grafana.test/d/LJ_uJAvmk/istio-service-dashboard?var-service=details.bookinfo.svc.cluster.local&var-qrep=destination',
      ],
      ['Jaeger: traces', 'https://jaeger.test/search?service=details.bookinfo'],
    ]);
  });

  it("carries Kiali's clusterName on the node graph and every details page when the environment names a cluster", () => {
    const links = buildLinks(
      { kiali: TOOLS.kiali },
      {
        namespace: 'bookinfo',
        workload: 'details-v1',
        app: 'details',
        service: 'details',
        kialiCluster: 'cluster-east',
      },
    );
    expect(links.map(l => l.url)).toEqual([
      'https://kiali.test/kiali/console/graph/namespaces?namespaces=bookinfo&graphType=versionedApp',
      'https://kiali.test/kiali/console/graph/node/namespaces/bookinfo/workloads/details-v1?clusterName=cluster-east',
      'https://kiali.test/kiali/console/namespaces/bookinfo/workloads/details-v1?tab=info&clusterName=cluster-east',
      'https://kiali.test/kiali/console/namespaces/bookinfo/applications/details?clusterName=cluster-east',
      'https://kiali.test/kiali/console/namespaces/bookinfo/services/details?clusterName=cluster-east',
    ]);
  });
});
