import { Finding } from '../types';
import {
  checkConflictingGateways,
  checkDestinationRuleTls,
  checkGatewayCredentials,
  checkNameLengths,
  checkPodLabels,
  checkServicePortProtocols,
  checkServiceSelectors,
  checkSidecarInjection,
  checkVirtualServiceGatewayHosts,
  checkVirtualServiceSubsets,
  checkVirtualServiceWeights,
} from './rules';
import { KubeObject } from './types';

const CHECKS = [
  checkVirtualServiceSubsets,
  checkVirtualServiceWeights,
  checkVirtualServiceGatewayHosts,
  checkGatewayCredentials,
  checkConflictingGateways,
  checkDestinationRuleTls,
  checkServicePortProtocols,
  checkPodLabels,
  checkSidecarInjection,
  checkServiceSelectors,
  checkNameLengths,
];

/**
 * Checks a set of manifests for what `istioctl analyze` would report: undefined subsets, route
 * weights, gateway hosts, gateway certificates outside the gateway pods' namespace, conflicting
 * gateways, TLS disabled under STRICT mTLS, unnamed port protocols, missing pod labels,
 * disabled sidecar injection, Service selectors that select nothing, and names over Kubernetes limits.
 * Objects without a namespace are read as being in `default`, as `kubectl apply` would place them.
 */
export function analyzeManifests(objects: KubeObject[]): Finding[] {
  return CHECKS.flatMap(check => check(objects));
}
