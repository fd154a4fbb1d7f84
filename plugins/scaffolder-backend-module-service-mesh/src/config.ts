import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { resolve } from 'node:path';
import { isGitRef } from './spec/formats';

/** The module's configuration, read once from `serviceMeshScaffolder`. */
export interface ServiceMeshScaffolderConfig {
  localPublish?: { directory: string; defaultBranch: string };
  argocdBaseUrl?: string;
}

/**
 * Reads `serviceMeshScaffolder`; relative directories resolve from the working directory. Local
 * publishing is a development feature, off unless `localPublish.enabled` is `true`: the production
 * config loads app-config.yaml first, so anything less explicit would be inherited from it. With
 * `production: true` (NODE_ENV=production) it stays off even when enabled.
 */
export function readServiceMeshScaffolderConfig(
  config: Config,
  options: { production?: boolean } = {},
): ServiceMeshScaffolderConfig {
  const root = config.getOptionalConfig('serviceMeshScaffolder');
  const localSection = root?.getOptionalConfig('localPublish');
  const local =
    localSection?.getOptionalBoolean('enabled') === true
      ? localSection
      : undefined;
  const baseUrl = root?.getOptionalString('argocd.baseUrl');
  if (baseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(baseUrl)) {
    throw new InputError(
      `serviceMeshScaffolder.argocd.baseUrl must be an http(s) URL, got "${baseUrl}"`,
    );
  }
  const branch = local?.getOptionalString('defaultBranch') ?? 'main';
  if (!isGitRef(branch)) {
    throw new InputError(
      `serviceMeshScaffolder.localPublish.defaultBranch is not a valid branch name: "${branch}"`,
    );
  }
  return {
    ...(local && !options.production
      ? {
          localPublish: {
            directory: resolve(local.getString('directory')),
            defaultBranch: branch,
          },
        }
      : {}),
    ...(baseUrl ? { argocdBaseUrl: baseUrl.replace(/\/+$/, '') } : {}),
  };
}
