import type { KubeObject } from '../analyzer/types';
import { isKind, namespaceOf } from './objects';
import { hasSelectorLabels, selectsLabels } from './selectors';

/** Istio's root namespace, whose selector-less PeerAuthentication is the mesh-wide default. */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

/** A PeerAuthentication mTLS mode; `UNSET` inherits the mode of the next, wider policy. */
export type PeerAuthenticationMode =
  'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

const MODES: readonly string[] = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'];

/** The workload whose effective PeerAuthentication is asked for. */
export interface PeerAuthenticationTarget {
  /** The namespace the workload runs in. */
  namespace: string;
  /** The labels of its pods. */
  labels: Record<string, string>;
}

/** The effective PeerAuthentication of a workload and the policies it was read from. */
export interface EffectivePeerAuthentication {
  /** The effective mode; `UNSET` when no policy sets one (Istio then runs PERMISSIVE). */
  mode: PeerAuthenticationMode;
  /** The policies that apply, most specific first, up to the one that set the mode. */
  policies: KubeObject[];
}

/** The mode a PeerAuthentication sets for the whole workload; an unknown mode reads as `UNSET`. */
export function peerAuthenticationMode(
  policy: KubeObject,
): PeerAuthenticationMode {
  const mode = policy.spec?.mtls?.mode;
  return MODES.includes(mode) ? mode : 'UNSET';
}

/**
 * The PeerAuthentication mode in force for a workload, with Istio's precedence: the workload policy (a
 * selector matching the pod labels, not in the root namespace) over the namespace's selector-less
 * policy over the mesh-wide one in the root namespace; an `UNSET` policy inherits from the next level.
 * Within a level the first policy wins (Istio takes the oldest; manifests carry no creation time).
 * Objects without a namespace are read as being in `defaultNamespace`.
 */
export function effectivePeerAuthentication(
  objects: KubeObject[],
  target: PeerAuthenticationTarget,
  defaultNamespace: string,
  rootNamespace: string = ISTIO_ROOT_NAMESPACE,
): EffectivePeerAuthentication {
  const policies = objects.filter(o =>
    isKind(o, 'security.istio.io', 'PeerAuthentication'),
  );
  const inNamespace = (ns: string) =>
    policies.filter(p => namespaceOf(p, defaultNamespace) === ns);
  const selector = (p: KubeObject) => p.spec?.selector?.matchLabels;
  const wide = (p: KubeObject) => !hasSelectorLabels(selector(p));
  const own =
    target.namespace === rootNamespace ? [] : inNamespace(target.namespace);
  const levels = [
    own.find(p => selectsLabels(selector(p), target.labels)),
    own.find(wide),
    inNamespace(rootNamespace).find(wide),
  ];
  const applied: KubeObject[] = [];
  for (const policy of levels) {
    if (!policy) continue;
    applied.push(policy);
    const mode = peerAuthenticationMode(policy);
    if (mode !== 'UNSET') return { mode, policies: applied };
  }
  return { mode: 'UNSET', policies: applied };
}
