import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of `meshport:local-repo:publish`. */
export const publishLocalExamples: TemplateExample[] = [
  {
    description:
      'Publish the whole workspace to a local repository named after the service',
    example: `steps:
  - id: publish
    action: meshport:local-repo:publish
    name: Publish to a local Git repository
    input:
      repoName: checkout
      commitMessage: Create checkout from the meshed-service template
`,
  },
];
