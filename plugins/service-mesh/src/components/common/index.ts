export * from './StatusChip';
export * from './SourceProblem';
export * from './SandboxLabel';
export * from './format';
export * from './levels';
export * from './slo';
export * from './errorText';
export * from './useEntityMeshStatus';
