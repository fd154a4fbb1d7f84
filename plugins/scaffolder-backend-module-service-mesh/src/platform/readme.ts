/*
 * The generated repository's README: what it installs, how to point a real Argo CD at it, how the CA
 * rotates and how the control plane is upgraded.
 */
import type { RepoLocation } from '../generator/planned';
import type { PlatformSpec } from '../spec/platform';
import { istioRevision, platformCharts } from './charts';
import { componentNamespace, deployedComponents } from './gitops';
import {
  APPS_DIR,
  CATALOG_FILE,
  Component,
  MESHPORT_CONFIG_FILE,
  NAMESPACES,
  platformNames,
  ROOT_APPLICATION_FILE,
  SYNC_WAVES,
} from './layout';

function chartOf(spec: PlatformSpec, c: Component): string {
  const charts = platformCharts(spec.istioVersion);
  const byComponent: Partial<
    Record<Component, { chart: string; version: string; repoURL: string }>
  > = {
    'cert-manager': charts.certManager,
    'istio-csr': charts.istioCsr,
    'istio-base': charts.istioBase,
    istiod: charts.istiod,
    'istio-gateway': charts.gateway,
    prometheus: charts.prometheus,
    grafana: charts.grafana,
    kiali: charts.kiali,
    jaeger: charts.jaeger,
  };
  const chart = byComponent[c];
  return chart
    ? `chart \`${chart.chart}\` ${chart.version} (${chart.repoURL})`
    : `manifests in \`platform/${c}\``;
}

/** Who signs the workload certificates with the intermediate, for the CA section. */
function workloadSigner(spec: PlatformSpec): string {
  const names = platformNames(spec);
  return spec.ca === 'istio-csr'
    ? `istio-csr signs the workload certificates with the intermediate (Issuer \`${names.istioCaIssuer}\`)
  and distributes the root as the trust anchor (read from the root's secret); istiod runs no CA.`
    : `istiod reads the intermediate as its plug-in CA from the secret \`cacerts\` (kubernetes.io/tls:
  tls.crt, tls.key, ca.crt) and signs the workload certificates with it.`;
}

/** How the intermediate rotates by itself, the same with either root. */
function intermediateRotation(spec: PlatformSpec): string {
  return `The intermediate rotates by itself: cert-manager renews it with a new key 30 days before
it expires; ${
    spec.ca === 'istio-csr'
      ? 'istio-csr signs with the renewed one from then on'
      : 'istiod watches the mounted cacerts files and signs with the renewed one from then on'
  }, and workloads pick up new certificates within their own lifetime (Istio's default: 24 h). The trust root does not
change, so nothing else has to move.`;
}

/** The CA section: one self-signed root per cluster, or one root shared by every cluster. */
function caSection(spec: PlatformSpec): string {
  const names = platformNames(spec);
  const intermediate = names.intermediateCa(spec.ca);
  const ns = NAMESPACES.certManager;
  const issuesIntermediate = `- \`${names.rootCa}\` (ClusterIssuer) signs the intermediate \`${intermediate}\` in \`${NAMESPACES.istio}\`:
  1 year, renewed 30 days before it expires.`;
  if (spec.caRoot === 'per-cluster')
    return `## The certificate authority

- \`${names.selfSignedIssuer}\` (ClusterIssuer) signs the root certificate \`${names.rootCa}\` in
  \`${ns}\`: 10 years, ECDSA P-256, key in the secret \`${names.rootCa}\`.
${issuesIntermediate}
- ${workloadSigner(spec)}

**Rotation.** ${intermediateRotation(spec)} The root itself is never rotated with a new key (its
\`rotationPolicy: Never\`): renewing it re-signs the same key. To replace the root key (compromise, or
a new root before the 10 years end): create the new root beside the old one, distribute a bundle with
both roots (cert-manager's trust-manager, or istio-csr's \`app.tls.rootCAFile\` with both certificates),
wait until every workload has restarted or renewed, move the intermediate's issuer to the new root,
then remove the old root from the bundle. Back up the root's secret: losing it means a new trust root.
${
  spec.clusters.length > 1
    ? `
**Several clusters.** Each cluster creates its own self-signed root here (\`caRoot: per-cluster\`), so
workloads trust only their own cluster's certificates and mTLS across clusters fails. Generate the
platform with \`caRoot: shared\` for one root that every cluster trusts.
`
    : ''
}`;
  const contexts = spec.clusters.map(c => c.name).join(' ');
  return `## The certificate authority

One root CA for the whole mesh, shared by ${spec.clusters.length === 1 ? 'the cluster' : `the ${spec.clusters.length} clusters`} (\`caRoot: shared\`), so a
workload trusts the certificates of every cluster: mTLS works across clusters. Every istiod has the
mesh ID \`${spec.name}\` and Istio's default trust domain \`cluster.local\`, so workload identities are
the same in every cluster. (Endpoint discovery across clusters, remote secrets and an east-west
gateway, is not part of this repository.)

- The root is created once, outside the clusters, and is **not in this repository**: each cluster reads
  it from the secret \`${names.rootCa}\` (kubernetes.io/tls: \`tls.crt\`, \`tls.key\`) in \`${ns}\`,
  which you deliver (below). No cluster creates a root of its own.
- \`${names.rootCa}\` (ClusterIssuer, \`platform/mesh-ca/root-ca-issuer.yaml\`) reads that secret. It is
  not ready until the secret exists, and the Applications of later waves wait for it.
${issuesIntermediate} Each cluster has its own intermediate and key, all signed by the one root.
- ${workloadSigner(spec)}

### Create the root once

On a trusted machine, not in a cluster (10 years, ECDSA P-256):

\`\`\`sh
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc \\
  -keyout root-ca.key -out root-ca.crt -days 3650 \\
  -subj "/O=${spec.name}/CN=${spec.name} root CA" \\
  -addext "basicConstraints=critical,CA:TRUE" \\
  -addext "keyUsage=critical,keyCertSign,cRLSign"
\`\`\`

Store \`root-ca.crt\` and \`root-ca.key\` in your secret store (Vault, a cloud secret manager), then
delete the local copies. Never commit them.

### Deliver it to each cluster

Before the \`mesh-ca\` Applications sync (wave ${SYNC_WAVES['mesh-ca']}), every cluster needs the secret \`${names.rootCa}\` in \`${ns}\`.

- With the External Secrets Operator and a (Cluster)SecretStore for your store, apply to each cluster
  an ExternalSecret that writes it (a manifest of your own, outside this repository if the store's
  paths are sensitive):

  \`\`\`yaml
  apiVersion: external-secrets.io/v1
  kind: ExternalSecret
  metadata:
    name: ${names.rootCa}
    namespace: ${ns}
  spec:
    refreshInterval: 1h
    secretStoreRef: { kind: ClusterSecretStore, name: <your store> }
    target:
      name: ${names.rootCa}
      template: { type: kubernetes.io/tls }
    data:
      - { secretKey: tls.crt, remoteRef: { key: <path of the root>, property: tls.crt } }
      - { secretKey: tls.key, remoteRef: { key: <path of the root>, property: tls.key } }
  \`\`\`

- Or by hand, once per cluster (kubectl contexts named after the clusters):

  \`\`\`sh
  for ctx in ${contexts}; do
    kubectl --context "$ctx" create namespace ${ns} --dry-run=client -o yaml | kubectl --context "$ctx" apply -f -
    kubectl --context "$ctx" -n ${ns} create secret tls ${names.rootCa} --cert=root-ca.crt --key=root-ca.key
  done
  \`\`\`

The root's key is then in every cluster's \`${ns}\` namespace: restrict who can read secrets there.

**Rotation.** ${intermediateRotation(spec)} cert-manager never renews the shared root: it did not
create it. Before it expires (10 years), or if its key is compromised, replace it in every cluster:

1. Create the new root as above and distribute a bundle of both roots as the trust anchor (cert-manager's
   trust-manager, or istio-csr's \`app.tls.rootCAFile\` with both certificates); wait until every
   workload in every cluster has restarted or renewed its certificate.
2. Put the new root into the secret \`${names.rootCa}\` of every cluster (update the secret store and
   let the ExternalSecret refresh, or re-run the commands above with \`kubectl create secret tls ...
   --dry-run=client -o yaml | kubectl apply -f -\`), then re-sign each intermediate at once:
   \`cmctl renew -n ${NAMESPACES.istio} ${intermediate}\` in every cluster.
3. When every workload has a certificate from the new intermediates, remove the old root from the bundle.
`;
}

/** README.md of the platform repository. */
export function platformReadme(spec: PlatformSpec, repo: RepoLocation): string {
  const names = platformNames(spec);
  const revision = istioRevision(spec.istioVersion);
  const components = deployedComponents(spec);
  const rows = components.map(
    c =>
      `| ${SYNC_WAVES[c]} | \`${c}\` | ${componentNamespace(c)} | ${chartOf(spec, c)} |`,
  );
  const reused = (['prometheus', 'grafana', 'kiali', 'jaeger'] as const)
    .filter(c => spec.observability[c].mode === 'reuse')
    .map(c => `- ${c}: reused at ${spec.observability[c].url}`);
  return `# ${spec.name}: mesh platform

Generated by Meshport (meshport:platform:generate). Argo CD installs and upgrades an Istio mesh from
this repository on ${spec.clusters.map(c => `\`${c.name}\` (${c.server})`).join(', ')}: cert-manager,
the mesh certificate authority, Istio ${spec.istioVersion} (revision \`${revision}\`), mesh-wide
policy${components.includes('prometheus') || components.includes('kiali') ? ' and observability' : ''}.
No private key is in this repository: ${
    spec.caRoot === 'shared'
      ? 'the shared root is created once outside the clusters and delivered to each (see below); cert-manager creates every other key in the cluster.'
      : 'cert-manager creates every key in the cluster.'
  }

## What it installs

One Argo CD Application per cluster and component, in \`${APPS_DIR}/<cluster>/\`, synced wave by wave
(a component's CRDs and namespace exist before anything that uses them):

| wave | component | namespace | source |
| --- | --- | --- | --- |
${rows.join('\n')}
${reused.length ? `\nNot installed here:\n${reused.join('\n')}\n` : ''}
\`${APPS_DIR}/project-platform.yaml\` (AppProject \`${names.platformProject}\`) lets these Applications
deploy only this repository and the charts above, only to the \`${NAMESPACES.certManager}\` and
\`${NAMESPACES.istio}\` namespaces, and only the cluster-scoped kinds they need.
\`${APPS_DIR}/project-services.yaml\` (AppProject \`${names.servicesProject}\`) is for service
repositories: every namespace of these clusters except the platform's own, no cluster-scoped kind but
Namespace. Meshport's service template uses it for the services deployed to this platform (**Deploy
to**: the platform's System in the catalog, whose \`meshport.io/platform\` annotation lists the
clusters, environments, gateway and this project); a service whose self-signed certificate goes to the
shared ingress gateway's namespace \`${NAMESPACES.istio}\` gets a project of its own.

## Point a real Argo CD at it

1. Argo CD 2.5 or later, in the namespace \`${spec.argocdNamespace}\`. Sync waves order the child
   Applications only when Argo CD assesses an Application's health: add the health check for
   \`argoproj.io/Application\` to \`argocd-cm\` (\`resource.customizations.health.argoproj.io_Application\`,
   as in Argo CD's "App of Apps" documentation); without it every wave starts at once and the first
   syncs retry until the CRDs exist.
2. Give Argo CD read access to this repository (\`${repo.cloneUrl}\`) and register every cluster whose
   destination is not the in-cluster API server (\`argocd cluster add <context>\`; the Applications name
   the cluster as given in the wizard).
3. Apply the root Application once:

   \`\`\`sh
   kubectl apply -n ${spec.argocdNamespace} -f ${ROOT_APPLICATION_FILE}
   \`\`\`

   It deploys \`${APPS_DIR}\`: the two AppProjects, then every cluster's Applications. From then on a
   commit to this repository is a change to the platform.
4. Label the namespaces of your services \`istio-injection=enabled\` (the \`default\` revision tag points
   at \`${revision}\`), or \`istio.io/rev=${revision}\` to pin them to this revision.

${caSection(spec)}
## Upgrading Istio

The control plane carries the revision label \`${revision}\`. To upgrade: add Applications for the new
version's \`istiod\` with the new revision and without the \`default\` tag, move namespaces one by one to
\`istio.io/rev=<new revision>\` and restart their workloads, then move the \`default\` tag and remove the
old istiod.

## Meshport

\`${CATALOG_FILE}\` declares the System \`${names.system}\` and its Resources; each Resource shows the
Argo CD sync and health of its Applications in Meshport (label selector \`meshport.io/platform\`,
\`meshport.io/platform-resource\`). \`${MESHPORT_CONFIG_FILE}\` is Meshport's configuration for this
platform: merge it into the portal's app-config and set the tokens as environment variables. Its
in-cluster addresses are as the Backstage backend reaches them when it runs in the cluster; replace
them with addresses it can reach otherwise.
`;
}
