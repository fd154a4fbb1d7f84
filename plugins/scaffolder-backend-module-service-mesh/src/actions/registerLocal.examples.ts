import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of `meshport:catalog:register-local`. */
export const registerLocalExamples: TemplateExample[] = [
  {
    description:
      'Register the catalog-info.yaml of the repository published by the previous step',
    example: `steps:
  - id: register
    action: meshport:catalog:register-local
    name: Register in the catalog
    input:
      catalogInfoPath: \${{ steps.publish.output.catalogInfoPath }}
`,
  },
];
