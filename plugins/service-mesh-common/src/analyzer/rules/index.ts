export { ANALYZER_RULES } from './ids';
export { checkDestinationRuleTls } from './mtls';
export { checkConflictingGateways, checkGatewayCredentials } from './gateways';
export { checkNameLengths } from './names';
export { checkPodLabels, checkSidecarInjection } from './pods';
export { checkServicePortProtocols, checkServiceSelectors } from './services';
export {
  checkVirtualServiceGatewayHosts,
  checkVirtualServiceSubsets,
  checkVirtualServiceWeights,
} from './virtualServices';
