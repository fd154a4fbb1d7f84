import { Config } from '@backstage/config';
import { ConfigSources, loadConfigSchema } from '@backstage/config-loader';

// Reading every dependency's schema (TypeScript compiles each config.d.ts) takes seconds, and the
// schemas do not change while the process runs: loaded once.
let schema: ReturnType<typeof loadConfigSchema> | undefined;

/**
 * Validates the merged app-config against the config schemas (`config.d.ts`) of every package the
 * backend depends on, so that a wrong value fails at start with its config path (for example
 * `... allowed values { allowedValues=better-sqlite3,sqlite3,pg,embedded-postgres } at /backend/database/client`)
 * instead of surfacing later as an unrelated error inside a plugin.
 */
export async function validateConfig(config: Config): Promise<void> {
  schema ??= loadConfigSchema({ dependencies: ['backend'] }).catch(error => {
    schema = undefined;
    throw error;
  });
  (await schema).process([
    { data: config.get() as any, context: 'app-config' },
  ]);
}

/** Loads the config the way the backend will (same `--config` arguments) and validates it. */
export async function validateStartupConfig(): Promise<void> {
  const config = await ConfigSources.toConfig(ConfigSources.default({}));
  try {
    await validateConfig(config);
  } finally {
    config.close();
  }
}
