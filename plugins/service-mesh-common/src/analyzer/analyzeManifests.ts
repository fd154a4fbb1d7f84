import { Finding } from '../types';
import {
  ANALYZER_RULES,
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

/**
 * The rules that judge objects as they are deployed: each object in the namespace its environment puts
 * it in, every environment on one cluster together (a gateway's certificate outside the gateway pods'
 * namespace, gateways of several environments serving one host on the same pods).
 */
export const DEPLOYED_RULES: readonly string[] = [
  ANALYZER_RULES.gatewayCredentialNamespace,
  ANALYZER_RULES.gatewayConflict,
];

/**
 * {@link DEPLOYED_RULES} on the objects of the environments deployed to one cluster, as rendered for
 * each environment (e.g. `kustomize build overlays/<env>`, in the environment's namespace).
 */
export function analyzeDeployed(objects: KubeObject[]): Finding[] {
  return [checkGatewayCredentials, checkConflictingGateways].flatMap(check =>
    check(objects),
  );
}
