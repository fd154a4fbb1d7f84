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
    {
      description:
        'Propose the promotion of the canary of search as a pull request on GitHub',
      example: `steps:
  - id: promote
    action: meshport:canary:promote
    name: Propose the promotion
    input:
      repoUrl: github.com?owner=acme&repo=search
      reason: v2 served 50 % for a day within the SLO
      analysis:
        verdict: pass
        summary: v2 error ratio 0.1 % <= 1 %, p99 180 ms <= 500 ms
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
