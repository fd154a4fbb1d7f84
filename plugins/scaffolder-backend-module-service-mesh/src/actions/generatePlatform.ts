import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ServiceMeshScaffolderConfig } from '../config';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { generatePlatform } from '../platform';
import {
  CATALOG_FILE,
  MESHPORT_CONFIG_FILE,
  ROOT_APPLICATION_FILE,
} from '../platform/layout';
import { platformInputFields, validatePlatformInput } from '../spec/platform';
import { platformExamples } from './generatePlatform.examples';
import { repoLocation } from './repoLocation';
import { writeGeneratedFiles } from './writeFiles';

/** Id of the action that writes a mesh platform's GitOps repository. */
export const GENERATE_PLATFORM_ACTION_ID = 'meshport:platform:generate';

/**
 * Creates `meshport:platform:generate`: validates the input, builds and validates every object of
 * the platform repository (Argo CD app-of-apps, cert-manager CA, Istio, policy, observability,
 * catalog entities), and only then writes the files into the workspace (also in a dry run).
 */
export function createGeneratePlatformAction(options: {
  config: ServiceMeshScaffolderConfig;
}) {
  const store = new LocalRepoStore(options.config.localPublish);
  return createTemplateAction({
    id: GENERATE_PLATFORM_ACTION_ID,
    description:
      'Writes a mesh platform GitOps repository: an Argo CD app-of-apps that installs cert-manager, the mesh CA, Istio, mesh-wide policy and observability in sync-wave order, its AppProjects, and the catalog System with its Resources.',
    examples: platformExamples,
    supportsDryRun: true,
    schema: {
      input: platformInputFields,
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('Written files, relative to the workspace'),
        catalogInfoPath: z =>
          z
            .string()
            .describe('Path of catalog-info.yaml relative to the workspace'),
        entityRef: z =>
          z.string().describe('Entity reference of the new System'),
        rootApplicationPath: z =>
          z
            .string()
            .describe(
              'Path of the root Application (apply it to Argo CD once) relative to the workspace',
            ),
        meshportConfigPath: z =>
          z
            .string()
            .describe(
              "Path of Meshport's configuration for the platform relative to the workspace",
            ),
      },
    },
    async handler(ctx) {
      const spec = validatePlatformInput(ctx.input);
      const generated = await generatePlatform(spec, repoLocation(spec, store));
      const { written, inWorkspace } = await writeGeneratedFiles(
        ctx.workspacePath,
        spec.targetPath,
        generated.files,
      );
      ctx.logger.info(
        `Wrote ${written.length} files for the ${spec.name} platform${ctx.isDryRun ? ' (dry run)' : ''}`,
      );
      ctx.output('files', written);
      ctx.output('catalogInfoPath', inWorkspace(CATALOG_FILE));
      ctx.output('entityRef', generated.systemRef);
      ctx.output('rootApplicationPath', inWorkspace(ROOT_APPLICATION_FILE));
      ctx.output('meshportConfigPath', inWorkspace(MESHPORT_CONFIG_FILE));
    },
  });
}
