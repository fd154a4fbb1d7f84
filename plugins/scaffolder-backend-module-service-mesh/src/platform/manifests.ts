/*
 * The platform's own manifests, which Applications deploy as plain directories: the mesh CA
 * (cert-manager objects; cert-manager creates every key in the cluster, none is in Git) and the
 * mesh-wide policy in Istio's root namespace.
 */
import { Models } from '../generator/models';
import type { PlatformSpec } from '../spec/platform';
import { SYNC_WAVE_ANNOTATION } from './gitops';
import { GATEWAY, NAMESPACES, platformNames } from './layout';
import { SIZES, TRACING_PROVIDER } from './values';

/** One file of plain manifests: its name in the component's directory and its object. */
export interface ManifestFile {
  fileName: string;
  object: { toJSON(): unknown; validate(): void };
  header: string;
  comments?: Record<string, string>;
}

const ECDSA = { algorithm: 'ECDSA', size: 256 } as const;

/**
 * The CA's sync waves inside its Application, down the chain: each issuer is healthy before what it
 * issues is applied (with a shared root, the sync stops at the root's issuer until its secret exists).
 */
const chainWave = (step: number) => ({ [SYNC_WAVE_ANNOTATION]: String(step) });

/**
 * The mesh CA: the root (self-signed in each cluster, or with a shared root only the issuer that reads
 * it from a secret delivered out of band) and the intermediate that signs workload certificates.
 */
export function meshCaFiles(m: Models, spec: PlatformSpec): ManifestFile[] {
  const names = platformNames(spec);
  const intermediate = names.intermediateCa(spec.ca);
  const shared = spec.caRoot === 'shared';
  const issuerRef = (name: string, kind: 'ClusterIssuer' | 'Issuer') => ({
    name,
    kind,
    group: 'cert-manager.io',
  });
  const selfSignedRoot: ManifestFile[] = [
    {
      fileName: 'selfsigned-issuer.yaml',
      header:
        'Signs the root CA certificate with its own key: the start of the chain.',
      object: new m.ClusterIssuer({
        metadata: { name: names.selfSignedIssuer, annotations: chainWave(0) },
        spec: { selfSigned: {} },
      }),
    },
    {
      fileName: 'root-ca.yaml',
      header: `The mesh's root CA. cert-manager creates its key in the secret ${names.rootCa} (namespace ${NAMESPACES.certManager}); it never leaves the cluster and is never in Git.`,
      comments: {
        'spec.privateKey':
          'Never rotated on renewal: a new root key means a new trust root for every workload (see the README).',
      },
      object: new m.Certificate({
        metadata: {
          name: names.rootCa,
          namespace: NAMESPACES.certManager,
          annotations: chainWave(1),
        },
        spec: {
          isCA: true,
          commonName: `${spec.name} root CA`,
          subject: { organizations: [spec.name] },
          secretName: names.rootCa,
          duration: '87600h',
          renewBefore: '720h',
          privateKey: { ...ECDSA, rotationPolicy: 'Never' },
          issuerRef: issuerRef(names.selfSignedIssuer, 'ClusterIssuer'),
        },
      }),
    },
  ];
  return [
    ...(shared ? [] : selfSignedRoot),
    {
      fileName: 'root-ca-issuer.yaml',
      header: shared
        ? `Issues certificates signed by the mesh's shared root CA, which every cluster trusts. It reads the root from the secret ${names.rootCa} in ${NAMESPACES.certManager} (cert-manager's cluster resource namespace), created once outside the clusters and delivered to each out of band (see the README): it is never in Git. Not ready until that secret exists.`
        : `Issues certificates signed by the root CA (from its secret in ${NAMESPACES.certManager}, cert-manager's cluster resource namespace).`,
      object: new m.ClusterIssuer({
        metadata: { name: names.rootCa, annotations: chainWave(2) },
        spec: { ca: { secretName: names.rootCa } },
      }),
    },
    {
      fileName: 'intermediate-ca.yaml',
      header:
        spec.ca === 'istio-csr'
          ? `The intermediate CA that istio-csr signs workload certificates with, through the Issuer ${names.istioCaIssuer}. Renewed by cert-manager with a new key.`
          : `The intermediate CA as istiod's plug-in CA: the secret ${intermediate} in ${NAMESPACES.istio} (kubernetes.io/tls: tls.crt, tls.key, ca.crt), which istiod reads and watches. Renewed by cert-manager with a new key.`,
      object: new m.Certificate({
        metadata: {
          name: intermediate,
          namespace: NAMESPACES.istio,
          annotations: chainWave(3),
        },
        spec: {
          isCA: true,
          commonName: `${spec.name} intermediate CA`,
          subject: { organizations: [spec.name] },
          secretName: intermediate,
          duration: '8760h',
          renewBefore: '720h',
          privateKey: { ...ECDSA, rotationPolicy: 'Always' },
          issuerRef: issuerRef(names.rootCa, 'ClusterIssuer'),
        },
      }),
    },
    ...(spec.ca === 'istio-csr'
      ? [
          {
            fileName: 'istio-ca-issuer.yaml',
            header: `The issuer istio-csr uses (app.certmanager.issuer): the intermediate CA.`,
            object: new m.Issuer({
              metadata: {
                name: names.istioCaIssuer,
                namespace: NAMESPACES.istio,
                annotations: chainWave(4),
              },
              spec: { ca: { secretName: intermediate } },
            }),
          },
        ]
      : []),
  ];
}

/** Mesh-wide policy in the root namespace: strict mTLS, deny by default with the gateway open, telemetry. */
export function meshPolicyFiles(m: Models, spec: PlatformSpec): ManifestFile[] {
  return [
    {
      fileName: 'peerauthentication.yaml',
      header:
        'Mesh-wide strict mTLS: in the root namespace, without a selector, it applies to every workload.',
      object: new m.PeerAuthentication({
        metadata: { name: 'default', namespace: NAMESPACES.istio },
        spec: { mtls: { mode: 'STRICT' } },
      }),
    },
    {
      fileName: 'deny-all.yaml',
      header:
        'Default deny: an ALLOW policy without rules in the root namespace allows nothing, mesh-wide. Each service allows its own callers (Meshport generates that AuthorizationPolicy with the service).',
      object: new m.AuthorizationPolicy({
        metadata: { name: 'deny-all', namespace: NAMESPACES.istio },
        spec: {},
      }),
    },
    {
      fileName: 'allow-ingress-gateway.yaml',
      header:
        "The ingress gateway accepts traffic from anywhere; what it forwards, the services' own policies allow.",
      object: new m.AuthorizationPolicy({
        metadata: {
          name: 'allow-ingress-gateway',
          namespace: NAMESPACES.istio,
        },
        spec: {
          selector: { matchLabels: { ...GATEWAY.selector } },
          action: 'ALLOW',
          rules: [{}],
        },
      }),
    },
    {
      fileName: 'telemetry.yaml',
      header: 'Mesh-wide tracing to Jaeger and Envoy access logs.',
      comments: {
        'spec.tracing': `${SIZES[spec.size].samplingPercent}% of requests are traced (size ${spec.size}).`,
      },
      object: new m.Telemetry({
        metadata: { name: 'mesh-default', namespace: NAMESPACES.istio },
        spec: {
          tracing: [
            {
              providers: [{ name: TRACING_PROVIDER }],
              randomSamplingPercentage: SIZES[spec.size].samplingPercent,
            },
          ],
          accessLogging: [{ providers: [{ name: 'envoy' }] }],
        },
      }),
    },
  ];
}
