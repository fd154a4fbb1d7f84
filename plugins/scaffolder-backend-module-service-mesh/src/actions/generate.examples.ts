import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of `meshport:service:generate`, shown in the action list and run by the tests. */
export const examples: TemplateExample[] = [
  {
    description:
      'A mesh-internal HTTP service in one environment, callable from the frontend namespace only',
    example: `steps:
  - id: generate
    action: meshport:service:generate
    name: Generate the manifests
    input:
      name: checkout
      description: Takes a basket to an order
      owner: group:default/checkout-team
      system: system:default/shop
      repoUrl: https://github.com/acme/checkout.git
      allowedCallers:
        - frontend
      environments:
        - name: dev
          namespace: checkout-dev
`,
  },
  {
    description:
      'Exposed through a Kubernetes Gateway API gateway per environment (payments-dev.example.com, payments-staging.example.com, payments.example.com in prod) with a self-signed certificate, a 90/10 canary, three environments and an AppProject',
    example: `steps:
  - id: generate
    action: meshport:service:generate
    name: Generate the manifests
    input:
      name: payments
      owner: group:default/payments-team
      image: ghcr.io/acme/payments:1.4.0
      port: 8443
      protocol: GRPC
      exposure: gateway
      hosts:
        - payments.example.com
      gatewayTls: self-signed
      canary:
        stableVersion: v1
        stableWeight: 90
        canaryVersion: v2
        canaryWeight: 10
      environments:
        - name: dev
          namespace: payments-dev
        - name: staging
          namespace: payments-staging
        - name: prod
          namespace: payments
          cluster: https://prod.k8s.example.com
      argocdProject: payments
      createAppProject: true
      repoUrl: https://github.com/acme/payments.git
`,
  },
  {
    description:
      "On Istio's shared ingress gateway: one Istio Gateway per environment, its certificate in istio-system, hosts orders.dev.example.com and orders.example.com",
    example: `steps:
  - id: generate
    action: meshport:service:generate
    name: Generate the manifests
    input:
      name: orders
      owner: group:default/orders-team
      exposure: gateway
      gatewayMode: shared-ingress
      hosts:
        - orders.example.com
      hostPattern: '{label}.{env}.{domain}'
      environments:
        - name: dev
          namespace: orders-dev
        - name: prod
          namespace: orders
      repoUrl: https://github.com/acme/orders.git
`,
  },
];
