/*
 * The configuration files as the production process loads them (app-config.yaml, then
 * app-config.production.yaml): valid against every package's schema, and without local publishing.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Config, ConfigReader } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogModuleServiceMeshLocalRepositories from '@meshport/plugin-scaffolder-backend-module-service-mesh/catalog';
import fs from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateConfig } from './validateConfig';

// Each test starts a backend (the catalog module) or loads every package's config schema.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..');
const DEVELOPMENT = [join(ROOT, 'app-config.yaml')];
const PRODUCTION = [...DEVELOPMENT, join(ROOT, 'app-config.production.yaml')];

/** Loads `files` in order, each `${VAR}` replaced by a plausible value of its kind. */
async function load(files: string[]): Promise<Config> {
  const source = ConfigSources.defaultForTargets({
    rootDir: ROOT,
    targets: files.map(target => ({ type: 'path', target })),
    substitutionFunc: async name => {
      if (name.endsWith('_URL')) return 'https://upstream.example.com';
      if (name.endsWith('_PORT')) return '7007';
      if (name === 'MESHPORT_PLATFORM_GROUP') return 'group:default/platform';
      return `value-of-${name.toLowerCase()}`;
    },
  });
  const config = await ConfigSources.toConfig(source);
  config.close();
  return config;
}

/** Whether the local-repositories catalog module installs its provider under `config`. */
async function addsLocalRepositories(config: Config): Promise<boolean> {
  const extensionPoint = { addEntityProvider: jest.fn() };
  await startTestBackend({
    extensionPoints: [[catalogProcessingExtensionPoint, extensionPoint]],
    features: [
      catalogModuleServiceMeshLocalRepositories,
      mockServices.rootConfig.factory({ data: config.get() as any }),
    ],
  });
  return extensionPoint.addEntityProvider.mock.calls.length > 0;
}

/** The commented `backend.auth.externalAccess` example of app-config.production.yaml, uncommented. */
function externalAccessExample(): unknown {
  const text = fs.readFileSync(PRODUCTION[1], 'utf8');
  const block = text.match(
    /# BEGIN externalAccess example\n([\s\S]*?)\n\s*# END externalAccess example/,
  );
  if (!block) throw new Error('no externalAccess example');
  return parse(block[1].replace(/^ {4}# ?/gm, '')).externalAccess;
}

describe('the production configuration', () => {
  it('is valid, and local publishing is off without NODE_ENV=production', async () => {
    expect(process.env.NODE_ENV).not.toBe('production');
    const production = await load(PRODUCTION);
    await expect(validateConfig(production)).resolves.toBeUndefined();
    expect(
      production.getOptionalBoolean(
        'serviceMeshScaffolder.localPublish.enabled',
      ),
    ).toBe(false);
    expect(await addsLocalRepositories(production)).toBe(false);
    // The control: the development portal (app-config.yaml alone) keeps it.
    expect(await addsLocalRepositories(await load(DEVELOPMENT))).toBe(true);
  });

  it('shows a valid, restricted service token for CI (externalAccess with accessRestrictions)', async () => {
    const externalAccess = externalAccessExample();
    expect(externalAccess).toEqual([
      {
        type: 'static',
        options: { token: '${MESHPORT_CI_TOKEN}', subject: 'ci-mesh-status' },
        accessRestrictions: [
          { plugin: 'service-mesh', permission: 'catalog.entity.read' },
          { plugin: 'catalog' },
        ],
      },
    ]);
    const production = (await load(PRODUCTION)).get() as any;
    production.backend.auth.externalAccess = externalAccess;
    await expect(
      validateConfig(new ConfigReader(production)),
    ).resolves.toBeUndefined();
  });
});
