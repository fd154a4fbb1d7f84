import {
  PermissionsService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { join } from 'node:path';
import { authorizeLocalRegistration } from '../localRepo/authorizeLocalRegistration';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { authorOf } from './initiator';
import { publishLocalExamples } from './publishLocal.examples';

/** Id of the action that publishes the workspace to a Git repository on the local disk. */
export const PUBLISH_LOCAL_ACTION_ID = 'meshport:local-repo:publish';

/**
 * Creates `meshport:local-repo:publish`: the development stand-in for `publish:github`. Copies the
 * workspace into a new Git repository under `serviceMeshScaffolder.localPublish.directory` with one
 * commit. The catalog module registers the repository as soon as it exists, so the task's initiator
 * needs `catalog.location.create`. A dry run only reports where the repository would be.
 */
export function createPublishLocalAction(options: {
  store: LocalRepoStore;
  permissions: PermissionsService;
}) {
  const { store, permissions } = options;
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      'Publishes the workspace to a new Git repository on the local disk (development publishing)',
    examples: publishLocalExamples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .describe(
              'Name of the repository (a DNS-1123 label), unique under the configured directory',
            ),
        sourcePath: z =>
          z
            .string()
            .default('.')
            .describe('Directory of the workspace to publish'),
        commitMessage: z =>
          z
            .string()
            .max(500)
            .default('Initial commit')
            .describe('Message of the commit'),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('file:// clone URL of the repository'),
        directory: z =>
          z
            .string()
            .describe('Directory of the repository on the backend host'),
        catalogInfoPath: z =>
          z
            .string()
            .describe('Absolute path of catalog-info.yaml in the repository'),
        commitHash: z =>
          z.string().describe('Id of the commit (empty in a dry run)'),
      },
    },
    async handler(ctx) {
      const repo = store.locate(ctx.input.repoName);
      const sourceDir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      ctx.output('remoteUrl', repo.cloneUrl);
      ctx.output('directory', repo.directory);
      ctx.output('catalogInfoPath', join(repo.directory, 'catalog-info.yaml'));
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish to ${repo.directory}`);
        ctx.output('commitHash', '');
        return;
      }
      await authorizeLocalRegistration(
        permissions,
        await ctx.getInitiatorCredentials(),
      );
      const published = await store.publish(ctx.input.repoName, sourceDir, {
        message: ctx.input.commitMessage ?? 'Initial commit',
        author: authorOf(ctx.user),
      });
      ctx.logger.info(
        `Published ${published.commitHash} to ${published.directory} (${published.branch})`,
      );
      ctx.output('commitHash', published.commitHash);
    },
  });
}
