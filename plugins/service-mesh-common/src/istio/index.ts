export * from './destinationRules';
export * from './gateways';
export * from './hosts';
export * from './injection';
export * from './objects';
export * from './peerAuthentication';
export * from './protocols';
export * from './selectors';
