/*
 * A mesh platform as the defaults of a service: the JSON that `meshport:platform:generate` writes into
 * its System's `meshport.io/platform` annotation, its schema (the wizard's own field builders and
 * formats: what comes from the catalog is input like any other), and how a service input takes the
 * platform's environments, gateway and Argo CD project where the user left them empty.
 */
import {
  ANNOTATION_MESH_PLATFORM,
  showValue,
} from '@meshport/plugin-service-mesh-common';
import { z } from 'zod';
import { msg } from './fieldTypes';
import { serviceInputFields } from './fields';
import { sharedGatewayField } from './gatewayField';
import { problemOf, ServiceInputError } from './input';
import { clusterProblems, platformInputFields } from './platform';

const platformDescriptorObject = z
  .object({
    clusters: platformInputFields.clusters(z),
    environments: platformInputFields
      .environments(z)
      .refine(e => e.length > 0, msg('must have at least 1 entry')),
    gateway: sharedGatewayField(z)
      .removeDefault()
      .extend({ service: platformInputFields.gatewayService(z) })
      .strict(),
    argocd: z
      .object({
        namespace: serviceInputFields.argocdNamespace(z),
        project: serviceInputFields.argocdProject(z),
      })
      .strict(),
  })
  .strict();

/** The content of a platform System's `meshport.io/platform` annotation. */
export type PlatformDescriptor = z.output<typeof platformDescriptorObject>;

/** The action input field that takes the platform's System, as `catalog:fetch` returns it. */
export const platformEntityField = (z0: typeof z) =>
  z0
    .object({})
    .passthrough()
    .optional()
    .describe(
      "The mesh platform's System entity (catalog:fetch output.entity). Its meshport.io/platform annotation gives the environments, the shared gateway and the Argo CD project and namespace that the input leaves empty",
    );

// An entity's namespace or name as it is when it looks like one, else quoted and cut short.
const refPart = (v: unknown) =>
  typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(v)
    ? v
    : showValue(v);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The platform described by a System entity's `meshport.io/platform` annotation, validated; throws a
 * ServiceInputError whose problems name `platform`, the annotation and the field.
 */
export function readPlatform(entity: unknown): PlatformDescriptor {
  const fail = (problems: string[]): never => {
    throw new ServiceInputError(problems.map(p => `platform: ${p}`));
  };
  const metadata = isRecord(entity) ? entity.metadata : undefined;
  if (!isRecord(entity) || entity.kind !== 'System' || !isRecord(metadata)) {
    return fail([
      `must be a System entity (catalog:fetch output.entity), got ${showValue(isRecord(entity) ? entity.kind : entity)}`,
    ]);
  }
  const ref = `system:${refPart(metadata.namespace ?? 'default')}/${refPart(metadata.name)}`;
  const annotations = isRecord(metadata.annotations)
    ? metadata.annotations
    : {};
  const raw = annotations[ANNOTATION_MESH_PLATFORM];
  if (typeof raw !== 'string') {
    return fail([
      `${ref} has no ${ANNOTATION_MESH_PLATFORM} annotation: it is not a mesh platform (create one with the mesh-platform template)`,
    ]);
  }
  const where = `annotation ${ANNOTATION_MESH_PLATFORM} of ${ref}`;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return fail([`${where} is not JSON`]);
  }
  const result = platformDescriptorObject.safeParse(json);
  if (!result.success) {
    return fail(result.error.issues.map(i => `${where}: ${problemOf(i)}`));
  }
  const problems = clusterProblems(result.data);
  if (problems.length > 0) fail(problems.map(p => `${where}: ${p}`));
  return result.data;
}

const unset = (v: unknown) => v === undefined || v === '';

/**
 * The service input with the platform's defaults: without `platform` the input as it is. With it,
 * environments default to the platform's; a listed environment without a cluster deploys to the
 * cluster of the platform's environment of that name; gatewayMode defaults to shared-ingress on the
 * platform's gateway, the Argo CD project and namespace to the platform's services AppProject (a
 * self-signed certificate on the shared gateway lives in the platform's namespace, which that project
 * denies: such a service gets an AppProject of its own). Values the input sets win. Throws a
 * ServiceInputError naming the field when they cannot be combined.
 */
export function withPlatformDefaults(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const { platform, ...input } = raw;
  if (unset(platform)) return input;
  const descriptor = readPlatform(platform);
  const servers = new Map(descriptor.clusters.map(c => [c.name, c.server]));
  const onPlatform = new Map(
    descriptor.environments.map(e => [e.name, servers.get(e.cluster)]),
  );
  const problems: string[] = [];
  const listed =
    Array.isArray(input.environments) && input.environments.length > 0
      ? input.environments
      : undefined;
  const environments = listed
    ? listed.map((e, i) => {
        if (!isRecord(e) || !unset(e.cluster)) return e;
        const cluster = onPlatform.get(String(e.name));
        if (cluster === undefined)
          problems.push(
            `environments.${i}.name: ${showValue(e.name)} is not an environment of the platform (${[...onPlatform.keys()].join(', ')}): name one of them or give its cluster`,
          );
        return { ...e, cluster };
      })
    : [...onPlatform].map(([name, cluster]) => ({ name, cluster }));
  const { namespace, selector, serviceAccount } = descriptor.gateway;
  const gatewayMode = unset(input.gatewayMode)
    ? 'shared-ingress'
    : input.gatewayMode;
  // The platform's services project denies the platform's namespaces, where a self-signed
  // certificate for the shared gateway must live: such a service gets its own project.
  const ownProject =
    input.exposure === 'gateway' &&
    gatewayMode === 'shared-ingress' &&
    (unset(input.gatewayTls) || input.gatewayTls === 'self-signed');
  const project = unset(input.argocdProject)
    ? { argocdProject: ownProject ? input.name : descriptor.argocd.project }
    : {};
  const argocdProject = project.argocdProject ?? input.argocdProject;
  if (
    input.createAppProject === true &&
    argocdProject === descriptor.argocd.project
  )
    problems.push(
      `createAppProject: the platform's AppProject ${descriptor.argocd.project} exists already; leave createAppProject off to deploy with it`,
    );
  if (problems.length > 0) throw new ServiceInputError(problems);
  return {
    ...input,
    environments,
    gatewayMode,
    sharedGateway: input.sharedGateway ?? {
      namespace,
      selector,
      serviceAccount,
    },
    ...project,
    ...(ownProject &&
    project.argocdProject !== undefined &&
    input.createAppProject === undefined
      ? { createAppProject: true }
      : {}),
    argocdNamespace: unset(input.argocdNamespace)
      ? descriptor.argocd.namespace
      : input.argocdNamespace,
  };
}
