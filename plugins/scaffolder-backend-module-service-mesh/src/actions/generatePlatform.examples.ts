import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of `meshport:platform:generate`, shown in the action list and run by the tests. */
export const platformExamples: TemplateExample[] = [
  {
    description:
      "A platform on Argo CD's own cluster: istio-csr as the mesh CA, a LoadBalancer gateway, every observability component installed",
    example: `steps:
  - id: platform
    action: meshport:platform:generate
    name: Generate the platform repository
    input:
      name: mesh
      owner: group:default/platform-team
      repoUrl: https://github.com/acme/mesh-platform.git
      clusters:
        - name: prod
`,
  },
  {
    description:
      "Two clusters sharing one root CA (delivered to each out of band), istiod's plug-in CA, a NodePort gateway, a large mesh, reusing an existing Prometheus and Grafana",
    example: `steps:
  - id: platform
    action: meshport:platform:generate
    name: Generate the platform repository
    input:
      name: shop-mesh
      owner: group:default/platform-team
      repoUrl: https://github.com/acme/shop-mesh.git
      clusters:
        - name: east
          server: https://east.k8s.example.com
        - name: west
          server: west-cluster
      istioVersion: 1.30.3
      ca: plugin-cacerts
      caRoot: shared
      gatewayService: NodePort
      size: large
      observability:
        prometheus:
          mode: reuse
          url: http://prometheus.monitoring:9090
        grafana:
          mode: reuse
          url: https://grafana.example.com
      argocdUrl: https://argocd.example.com
`,
  },
];
