import { SIDECAR_INJECT_KEY } from '@meshport/plugin-service-mesh-common';
import { stringify } from 'yaml';
import type { ManifestFile, ManifestSource } from '../git';
import { UpstreamError } from '../upstream';
import { hasPlaintextCaller } from './calls';
import { CANARY_WEIGHT } from './simulation';
import type { SandboxDeployment, SandboxWorld } from './world';

function deployment(d: SandboxDeployment, version: string, name: string) {
  const labels = { app: d.workload, version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels: d.profile.partiallyMeshed
            ? { ...labels, [SIDECAR_INJECT_KEY]: 'true' }
            : labels,
        },
        spec: {
          containers: [
            {
              name: d.workload,
              image: `ghcr.io/meshport-examples/${d.service}:${version === 'v2' ? '2.0.0-rc.1' : '1.8.0'}`,
              ports: [{ containerPort: 8080, name: 'http' }],
              resources: { limits: { cpu: '500m', memory: '256Mi' } },
            },
          ],
        },
      },
    },
  };
}

/** The manifests a simulated service keeps in Git, telling the same story as its simulated cluster. */
export function sandboxManifests(d: SandboxDeployment): string {
  const canary = d.profile.canary;
  const objects: object[] = [deployment(d, 'v1', d.workload)];
  if (canary) objects.push(deployment(d, 'v2', `${d.workload}-v2`));
  objects.push(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: d.workload, labels: { app: d.workload } },
      spec: {
        selector: { app: d.workload },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: d.workload },
      spec: {
        host: d.workload,
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          ...(canary ? [{ name: 'v2', labels: { version: 'v2' } }] : []),
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: d.workload },
      spec: {
        hosts: [d.workload],
        http: [
          {
            route: canary
              ? [
                  {
                    destination: { host: d.workload, subset: 'v1' },
                    weight: 100 - CANARY_WEIGHT,
                  },
                  {
                    destination: { host: d.workload, subset: 'v2' },
                    weight: CANARY_WEIGHT,
                  },
                ]
              : [
                  {
                    destination: { host: d.workload, subset: 'v1' },
                    weight: 100,
                  },
                ],
          },
        ],
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default' },
      spec: {
        mtls: { mode: d.profile.partiallyMeshed ? 'PERMISSIVE' : 'STRICT' },
      },
    },
  );
  if (!d.profile.partiallyMeshed && hasPlaintextCaller(d.workload)) {
    // The workload's own policy overrides the namespace's STRICT one, so that its plaintext caller
    // (calls.ts) gets through until that caller is fixed.
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: `${d.workload}-plaintext-callers` },
      spec: {
        selector: { matchLabels: { app: d.workload } },
        mtls: { mode: 'PERMISSIVE' },
      },
    });
  }
  return objects.map(o => stringify(o)).join('---\n');
}

/** Serves simulated manifests for the entities of the sandbox world, in place of Git. */
export class SandboxManifestSource implements ManifestSource {
  constructor(private readonly world: SandboxWorld) {}

  /** Nothing is read from anywhere (local `file:` repositories included): no location is refused. */
  refusal(): undefined {
    return undefined;
  }

  async read(location: string): Promise<ManifestFile[]> {
    // Several services may share one repository (the wizard's monorepo layout): serve all of them.
    const services = new Map<string, SandboxDeployment>();
    for (const d of await this.world.deployments()) {
      if (d.manifestsLocation === location && !services.has(d.service)) {
        services.set(d.service, d);
      }
    }
    if (services.size === 0) {
      throw new UpstreamError({
        source: 'git',
        state: 'not-found',
        message: `The sandbox has no manifests at ${location}`,
      });
    }
    return [...services.values()].map(d => ({
      path: `${d.service}/mesh.yaml`,
      text: sandboxManifests(d),
    }));
  }
}
