import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ServiceMeshScaffolderConfig } from '../config';
import { generateService } from '../generator';
import { ARGOCD_DIR, CATALOG_FILE, componentRef } from '../layout';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { serviceInputFields, validateServiceInput } from '../spec/input';
import {
  platformEntityField,
  withPlatformDefaults,
} from '../spec/platformDefaults';
import { examples } from './generate.examples';
import { repoLocation } from './repoLocation';
import { writeGeneratedFiles } from './writeFiles';

/** Id of the action that writes a meshed service's manifests, Argo CD Applications and catalog entry. */
export const GENERATE_ACTION_ID = 'meshport:service:generate';

/**
 * Creates `meshport:service:generate`: takes the defaults of the platform the input names, validates
 * the input, builds every object as a typed kubernetes-models value, validates it against its
 * upstream schema, runs the Istio analyzer, and only then writes the files into the workspace. In a dry run it writes too (the workspace is what
 * the Template Editor shows); publishing is left to later steps.
 */
export function createGenerateServiceAction(options: {
  config: ServiceMeshScaffolderConfig;
}) {
  const store = new LocalRepoStore(options.config.localPublish);
  return createTemplateAction({
    id: GENERATE_ACTION_ID,
    description:
      'Writes the Kubernetes, Istio, cert-manager and Argo CD manifests (kustomize base, one overlay and one Application per environment) and the catalog-info.yaml of a meshed service.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...serviceInputFields,
        // May be empty here: a platform gives them. validateServiceInput requires at least one.
        environments: z =>
          z
            .array(serviceInputFields.environments(z).element)
            .max(10)
            .optional()
            .describe(
              'Environments, each with its own namespace and cluster; required unless a platform gives them',
            ),
        platform: platformEntityField,
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('Written files, relative to the workspace'),
        catalogInfoPath: z =>
          z
            .string()
            .describe('Path of catalog-info.yaml relative to the workspace'),
        argocdPath: z =>
          z
            .string()
            .describe(
              'Directory of the Argo CD Applications relative to the workspace, e.g. for a pull request to a GitOps repository',
            ),
        entityRef: z =>
          z.string().describe('Entity reference of the new Component'),
        applications: z =>
          z
            .array(
              z.object({
                name: z.string(),
                environment: z.string(),
                namespace: z.string(),
                url: z.string().optional(),
              }),
            )
            .describe('Argo CD Applications, one per environment'),
        applicationsMarkdown: z =>
          z
            .string()
            .describe(
              'The applications as a Markdown list, for the result page',
            ),
      },
    },
    async handler(ctx) {
      const spec = validateServiceInput(withPlatformDefaults(ctx.input));
      const generated = await generateService(spec, repoLocation(spec, store));
      const errors = generated.findings.filter(f => f.severity === 'error');
      if (errors.length > 0) {
        throw new InputError(
          `The manifests for this input would not work in the mesh: ${errors
            .map(f => `${f.object.kind}/${f.object.name}: ${f.message}`)
            .join('; ')}`,
        );
      }
      const { written, inWorkspace } = await writeGeneratedFiles(
        ctx.workspacePath,
        spec.targetPath,
        generated.files,
      );
      ctx.logger.info(
        `Wrote ${written.length} files for ${spec.name}${ctx.isDryRun ? ' (dry run)' : ''}`,
      );
      const applications = generated.applications.map(app => ({
        ...app,
        ...(options.config.argocdBaseUrl
          ? {
              url: `${options.config.argocdBaseUrl}/applications/${spec.argocdNamespace}/${app.name}`,
            }
          : {}),
      }));
      ctx.output('files', written);
      ctx.output('catalogInfoPath', inWorkspace(CATALOG_FILE));
      ctx.output('argocdPath', inWorkspace(ARGOCD_DIR));
      ctx.output('entityRef', componentRef(spec.name));
      ctx.output('applications', applications);
      ctx.output(
        'applicationsMarkdown',
        applications
          .map(
            a =>
              `- ${a.url ? `[${a.name}](${a.url})` : `\`${a.name}\``}: ${a.environment}, namespace \`${a.namespace}\``,
          )
          .join('\n'),
      );
    },
  });
}
