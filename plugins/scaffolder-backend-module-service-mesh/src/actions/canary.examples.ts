import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of the canary actions, by step. */
export const canaryExamples: Record<
  'set-weights' | 'promote' | 'abort',
  TemplateExample[]
> = {
  'set-weights': [
    {
      description: 'Move half of the traffic of search to its canary',
      example: `steps:
  - id: canary
    action: meshport:canary:set-weights
    name: Canary to 50 %
    input:
      localRepository: search
      canaryWeight: 50
      reason: Error ratio and latency of v2 are within the SLO at 10 %
`,
    },
  ],
  promote: [
    {
      description: 'Promote the canary of search',
      example: `steps:
  - id: promote
    action: meshport:canary:promote
    name: Promote the canary
    input:
      localRepository: search
      reason: v2 served 50 % for a day within the SLO
`,
    },
  ],
  abort: [
    {
      description: 'Abort the canary of search',
      example: `steps:
  - id: abort
    action: meshport:canary:abort
    name: Abort the canary
    input:
      localRepository: search
      reason: v2 fails 4 % of its requests
`,
    },
  ],
};
