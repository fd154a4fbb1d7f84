import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of `meshport:gitops:rollback`. */
export const rollbackExamples: TemplateExample[] = [
  {
    description:
      'Roll the prod environment of search back to the commit chosen in a form',
    example: `steps:
  - id: rollback
    action: meshport:gitops:rollback
    name: Roll back prod
    input:
      localRepository: search
      environment: prod
      revision: \${{ parameters.revision }}
      reason: \${{ parameters.reason }}
`,
  },
  {
    description:
      'Propose the rollback of prod as a pull request on GitHub (integrations.github holds the credentials)',
    example: `steps:
  - id: rollback
    action: meshport:gitops:rollback
    name: Propose the rollback of prod
    input:
      repoUrl: github.com?owner=acme&repo=search
      environment: prod
      revision: \${{ parameters.revision }}
      reason: \${{ parameters.reason }}
output:
  links:
    - title: Pull request
      url: \${{ steps.rollback.output.pullRequestUrl }}
`,
  },
];
