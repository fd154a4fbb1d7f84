/** The rules of the manifest analyzer, by id. */
export const ANALYZER_RULES = {
  vsSubsetUndefined: 'vs-subset-undefined',
  vsWeightsSum: 'vs-weights-sum',
  vsGatewayUndefined: 'vs-gateway-undefined',
  vsGatewayHostMismatch: 'vs-gateway-host-mismatch',
  drTlsDisabledUnderStrict: 'dr-tls-disabled-under-strict',
  servicePortProtocol: 'service-port-protocol',
  podMissingLabels: 'pod-missing-labels',
  sidecarInjectionDisabled: 'sidecar-injection-disabled',
  serviceSelectorMismatch: 'service-selector-mismatch',
  nameTooLong: 'name-too-long',
  gatewayCredentialNamespace: 'gateway-credential-namespace',
  gatewayConflict: 'gateway-conflict',
} as const;
