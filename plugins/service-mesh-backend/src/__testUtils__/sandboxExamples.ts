/*
 * The sandbox's example estate as the portal's catalog holds it: the components of examples/components.yaml,
 * and checkout read from the local repository the sandbox seeds (with the managed-by-location the
 * catalog sets), in a temporary localPublish directory the test's backend is configured with.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, type Entity } from '@backstage/catalog-model';
import { LocalRepoStore } from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { seedSandboxRepositories } from '../services/sandbox';

/** The components of examples/components.yaml at the repository root. */
export function exampleComponents(): Entity[] {
  return parseAllDocuments(
    readFileSync(
      resolvePackagePath(
        '@meshport/plugin-service-mesh-backend',
        '../../examples/components.yaml',
      ),
      'utf8',
    ),
  ).map(d => d.toJS() as Entity);
}

/**
 * Seeds the sandbox's local repositories into a new temporary directory; returns the example
 * components with checkout from its repository, the `serviceMeshScaffolder` config that points at the
 * directory, and `cleanup`.
 */
export async function sandboxExamples(nowSec?: number) {
  const directory = await mkdtemp(join(tmpdir(), 'meshport-sandbox-repos-'));
  const localPublish = { directory, defaultBranch: 'main' };
  await seedSandboxRepositories(
    new LocalRepoStore(localPublish),
    mockServices.rootLogger(),
    nowSec,
  );
  const catalogFile = join(directory, 'checkout', 'catalog-info.yaml');
  const checkout = parse(readFileSync(catalogFile, 'utf8')) as Entity;
  checkout.metadata.annotations![ANNOTATION_LOCATION] = `file:${catalogFile}`;
  return {
    directory,
    entities: [checkout, ...exampleComponents()],
    config: {
      serviceMeshScaffolder: { localPublish: { enabled: true, directory } },
    },
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
}
