// Loads the repository's TypeScript sources (the backend's test utilities and services, the scaffolder
// generator) into this plain Node process through Backstage's node transform.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

// Registers the TypeScript transform (CommonJS and ESM hooks) for the dynamic imports below.
createRequire(import.meta.url)('@backstage/cli/config/nodeTransform.cjs');

/** Imports a TypeScript module of the repository by absolute path. */
export async function loadTs(path) {
  const module = await import(path);
  // The transform loads TypeScript as CommonJS; its exports then sit on `default`.
  return Object.keys(module).some(k => k !== 'default')
    ? module
    : module.default;
}
