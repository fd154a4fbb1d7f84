/*
 * The cross-field rules of the service input: what no single field can check (derived names that
 * must fit, canary weights, gateway settings, unique environments, requests within limits).
 */
import { derivedNames, environmentHosts } from '../layout';
import { isValidHost, isWorkspacePath, parseQuantity } from './formats';
import type { ServiceSpec } from './input';

function nameProblems(spec: ServiceSpec): string[] {
  return derivedNames(spec)
    .filter(d => d.name.length > 63)
    .map(
      d =>
        `name: "${spec.name}" is too long: the derived ${d.kind} name "${d.name}" would exceed 63 characters`,
    );
}

function canaryProblems(spec: ServiceSpec): string[] {
  if (!spec.canary) return [];
  const { stableWeight, canaryWeight, stableVersion, canaryVersion } =
    spec.canary;
  return [
    ...(stableWeight + canaryWeight !== 100
      ? [
          `canary: stableWeight + canaryWeight must sum to 100 (got ${stableWeight + canaryWeight})`,
        ]
      : []),
    ...(stableVersion === canaryVersion
      ? ['canary.canaryVersion: must differ from canary.stableVersion']
      : []),
  ];
}

function exposureProblems(spec: ServiceSpec): string[] {
  const problems: string[] = [];
  if (spec.exposure === 'gateway') {
    if (spec.hosts.length === 0)
      problems.push('hosts: exposure "gateway" needs at least one host');
    if (spec.protocol === 'TCP')
      problems.push('protocol: exposure "gateway" needs protocol HTTP or GRPC');
    if (spec.gatewayTls === 'existing-secret' && !spec.tlsSecretName) {
      problems.push(
        'tlsSecretName: required when gatewayTls is "existing-secret"',
      );
    }
  } else if (spec.hosts.length > 0) {
    problems.push('hosts: only allowed with exposure "gateway"');
  }
  if (new Set(spec.hosts).size !== spec.hosts.length)
    problems.push('hosts: must not repeat a host');
  return problems;
}

/**
 * Each environment's gateway hosts must be host names, and environments on one cluster must not serve
 * the same host: their gateways would conflict (istioctl IST0145).
 */
function environmentHostProblems(spec: ServiceSpec): string[] {
  if (spec.exposure !== 'gateway') return [];
  const problems: string[] = [];
  const served = new Map<string, string>();
  for (const env of spec.environments) {
    for (const host of environmentHosts(spec, env.name)) {
      if (!isValidHost(host)) {
        problems.push(
          `hostPattern: gives "${host}" in environment ${env.name}, which is not a DNS name`,
        );
        continue;
      }
      const other = served.get(`${env.cluster} ${host}`);
      if (other) {
        problems.push(
          `hostPattern: environments ${other} and ${env.name} deploy to the same cluster (${env.cluster}) and would both serve ${host}; put {env} in the pattern`,
        );
      }
      served.set(`${env.cluster} ${host}`, env.name);
    }
  }
  return problems;
}

function environmentProblems(spec: ServiceSpec): string[] {
  const problems: string[] = [];
  for (const [i, e] of spec.environments.entries()) {
    if (e.namespace.length > 63)
      problems.push(
        `environments.${i}.namespace: the derived namespace "${e.namespace}" exceeds 63 characters`,
      );
  }
  const envNames = spec.environments.map(e => e.name);
  if (new Set(envNames).size !== envNames.length)
    problems.push('environments: names must be unique');
  const targets = spec.environments.map(e => `${e.cluster} ${e.namespace}`);
  if (new Set(targets).size !== targets.length) {
    problems.push(
      'environments: two environments must not deploy to the same namespace of the same cluster',
    );
  }
  return problems;
}

function publishingProblems(spec: ServiceSpec): string[] {
  const problems: string[] = [];
  if (spec.createAppProject && spec.argocdProject === 'default') {
    problems.push(
      'argocdProject: must not be "default" when createAppProject is true: it would replace Argo CD\'s default project',
    );
  }
  return [...problems, ...publishTargetProblems(spec)];
}

/** Where a generated repository goes: one of a remote or a local repository, inside the workspace. */
export function publishTargetProblems(
  spec: Pick<ServiceSpec, 'repoUrl' | 'localRepository' | 'targetPath'>,
): string[] {
  const problems: string[] = [];
  if (Boolean(spec.repoUrl) === Boolean(spec.localRepository)) {
    problems.push('repoUrl: give exactly one of repoUrl and localRepository');
  }
  if (!isWorkspacePath(spec.targetPath)) {
    problems.push(
      'targetPath: must be a relative path inside the workspace, without ".."',
    );
  }
  return problems;
}

function resourceProblems(spec: ServiceSpec): string[] {
  const problems: string[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const r of ['cpu', 'memory'] as const) {
      if (parseQuantity(spec.resources[kind][r]) <= 0)
        problems.push(`resources.${kind}.${r}: must be greater than zero`);
    }
  }
  for (const r of ['cpu', 'memory'] as const) {
    if (
      parseQuantity(spec.resources.requests[r]) >
      parseQuantity(spec.resources.limits[r])
    ) {
      problems.push(
        `resources.requests.${r}: must not exceed resources.limits.${r}`,
      );
    }
  }
  return problems;
}

/** Every cross-field problem of a spec whose fields are each valid, as `field: rule`, in a fixed order. */
export function crossFieldProblems(spec: ServiceSpec): string[] {
  return [
    ...nameProblems(spec),
    ...canaryProblems(spec),
    ...exposureProblems(spec),
    ...environmentProblems(spec),
    ...environmentHostProblems(spec),
    ...publishingProblems(spec),
    ...resourceProblems(spec),
  ];
}
