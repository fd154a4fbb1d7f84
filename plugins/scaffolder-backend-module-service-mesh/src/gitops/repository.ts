/*
 * Reads a generated service repository back as the generator wrote it: every manifest parsed, every
 * kustomization listing exactly the files beside it, one Argo CD Application per overlay, every object
 * valid against its upstream schema, and the analyzer's verdict per environment. Anything else is
 * drift, refused with the file it is in: an edit is never made on a tree Meshport does not understand.
 */
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KubeObject,
  LABEL_ENVIRONMENT,
} from '@meshport/plugin-service-mesh-common';
import {
  analyzeRepository,
  DeployedEnvironment,
  validateObject,
} from '../generator';
import { loadModels } from '../generator/models';
import { parseYaml } from '../generator/render';
import {
  ARGOCD_DIR,
  BASE_DIR,
  CATALOG_FILE,
  OVERLAY_BASE_REFERENCE,
  overlayDir,
  placementOf,
} from '../layout';

/** The files of a repository Meshport reads (manifests, Argo CD files, catalog entity): path → text. */
export type RepoFiles = ReadonlyMap<string, string>;

/** A repository that passed `checkRepository`. */
export interface CheckedRepository {
  /** The catalog entity the repository describes (its catalog-info.yaml). */
  entityRef: string;
  environments: DeployedEnvironment[];
  /** Path of each environment's Argo CD Application. */
  applicationPaths: Map<string, string>;
  /** The parsed Kubernetes objects (not kustomizations, not the catalog entity) with their paths. */
  objects: Array<{ path: string; object: KubeObject }>;
}

const KUSTOMIZATION = 'kustomization.yaml';

/** A refusal naming the file it is about. */
export function refusal(path: string, problem: string): InputError {
  return new InputError(`${path}: ${problem}`);
}

/** True for the files `checkRepository` reads: manifests, Argo CD files and the catalog entity. */
export function isMeshportFile(path: string): boolean {
  return placementOf(path) !== undefined;
}

function parsed(path: string, text: string): Record<string, unknown> {
  const doc = parseYaml(text);
  if (doc.errors.length > 0) {
    throw refusal(path, `is not valid YAML: ${doc.errors[0].message}`);
  }
  const value = doc.toJSON();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refusal(path, 'must hold one YAML object');
  }
  if (typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    throw refusal(path, 'has no apiVersion and kind');
  }
  return value;
}

/** Every kustomization lists exactly the files beside it (an overlay also the base), and they exist. */
function checkKustomizations(
  files: RepoFiles,
  values: Map<string, Record<string, unknown>>,
): string[] {
  // Each rendered directory (the base, each overlay) and its environment.
  const dirs = new Map<string, string | undefined>([[BASE_DIR, undefined]]);
  for (const path of values.keys()) {
    const placement = placementOf(path);
    if (placement?.kind === 'rendered' && placement.environment) {
      dirs.set(overlayDir(placement.environment), placement.environment);
    }
  }
  const environments: string[] = [];
  for (const [dir, environment] of dirs) {
    const path = `${dir}/${KUSTOMIZATION}`;
    const kustomization = values.get(path);
    if (!kustomization) throw refusal(path, 'is missing');
    if (environment) environments.push(environment);
    const resources = kustomization.resources;
    if (
      !Array.isArray(resources) ||
      !resources.every(r => typeof r === 'string')
    ) {
      throw refusal(path, 'resources must be a list of file names');
    }
    if (environment && !resources.includes(OVERLAY_BASE_REFERENCE)) {
      throw refusal(
        path,
        `does not include the base (${OVERLAY_BASE_REFERENCE})`,
      );
    }
    for (const resource of resources as string[]) {
      if (resource === OVERLAY_BASE_REFERENCE && environment) continue;
      if (!files.has(`${dir}/${resource}`)) {
        throw refusal(path, `lists ${resource}, which does not exist`);
      }
    }
    for (const file of files.keys()) {
      if (
        file.startsWith(`${dir}/`) &&
        file !== path &&
        !file.slice(dir.length + 1).includes('/') &&
        !(resources as string[]).includes(file.slice(dir.length + 1))
      ) {
        throw refusal(file, `is not listed in ${path}`);
      }
    }
  }
  return environments;
}

function environmentOf(
  path: string,
  app: Record<string, any>,
  overlays: string[],
): DeployedEnvironment {
  const name = app.metadata?.labels?.[LABEL_ENVIRONMENT];
  if (typeof name !== 'string') {
    throw refusal(path, `has no ${LABEL_ENVIRONMENT} label`);
  }
  if (!overlays.includes(name)) {
    throw refusal(path, `deploys environment ${name}, which has no overlay`);
  }
  const source = app.spec?.source;
  if (source?.path !== overlayDir(name)) {
    throw refusal(
      path,
      `spec.source.path must be ${overlayDir(name)}, is ${JSON.stringify(source?.path)}`,
    );
  }
  const destination = app.spec?.destination ?? {};
  if (typeof destination.namespace !== 'string') {
    throw refusal(path, 'spec.destination.namespace is missing');
  }
  return {
    name,
    namespace: destination.namespace,
    cluster: String(destination.server ?? destination.name ?? ''),
  };
}

/**
 * Checks a repository tree as the generator would have written it, and returns its environments and
 * objects. Throws an `InputError` naming the first file that is not: unparsable, missing, not listed
 * by its kustomization, an Application that does not deploy its overlay, an object that fails its
 * schema, or an object the analyzer finds an error in.
 */
export async function checkRepository(
  files: RepoFiles,
): Promise<CheckedRepository> {
  const models = await loadModels();
  const values = new Map<string, Record<string, unknown>>();
  for (const [path, text] of files) {
    if (isMeshportFile(path)) values.set(path, parsed(path, text));
  }
  const overlays = checkKustomizations(files, values);
  const environments: DeployedEnvironment[] = [];
  const applicationPaths = new Map<string, string>();
  const objects: CheckedRepository['objects'] = [];
  for (const [path, value] of values) {
    try {
      validateObject(models, path, value as unknown as KubeObject);
    } catch (e) {
      throw refusal(path, `is invalid: ${(e as Error).message}`);
    }
    const placement = placementOf(path)!;
    if (placement.kind === 'catalog' || value.kind === 'Kustomization') {
      continue;
    }
    objects.push({ path, object: value as unknown as KubeObject });
    if (placement.kind === 'argocd' && value.kind === 'Application') {
      const env = environmentOf(path, value, overlays);
      if (applicationPaths.has(env.name)) {
        throw refusal(
          path,
          `deploys ${env.name}, as ${applicationPaths.get(env.name)} does`,
        );
      }
      environments.push(env);
      applicationPaths.set(env.name, path);
    }
  }
  const catalog = values.get(CATALOG_FILE);
  if (!catalog) throw refusal(CATALOG_FILE, 'is missing');
  const undeployed = overlays.find(o => !applicationPaths.has(o));
  if (undeployed) {
    throw refusal(
      `${overlayDir(undeployed)}/${KUSTOMIZATION}`,
      `no Argo CD Application in ${ARGOCD_DIR} deploys this overlay`,
    );
  }
  const error = analyzeRepository(environments, objects).find(
    f => f.severity === 'error',
  );
  if (error) {
    const at = objects.find(
      o =>
        o.object.kind === error.object.kind &&
        o.object.metadata.name === error.object.name,
    );
    throw refusal(
      at?.path ?? 'repository',
      `${error.object.kind}/${error.object.name}: ${error.message}`,
    );
  }
  return {
    entityRef: stringifyEntityRef(catalog as unknown as Entity),
    environments,
    applicationPaths,
    objects,
  };
}
