/*
 * The GitOps layer: one Argo CD Application per environment, deploying that environment's overlay,
 * and optionally an AppProject restricted to what this repository generates.
 */
import {
  ANNOTATION_APPLICATION_ENTITY_REF,
  LABEL_ENVIRONMENT,
} from '@meshport/plugin-service-mesh-common';
import { NAME_LABEL, overlayDir, resourceNames } from '../layout';
import { ServiceSpec } from '../spec/input';
import { componentRef } from './catalog';
import { Models } from './models';
import { PlannedFile, RepoLocation } from './planned';

type Environment = ServiceSpec['environments'][number];

function destination(cluster: string) {
  return cluster.startsWith('https://')
    ? { server: cluster }
    : { name: cluster };
}

function application(
  m: Models,
  spec: ServiceSpec,
  repo: RepoLocation,
  env: Environment,
): PlannedFile {
  const { automated, prune, selfHeal } = spec.syncPolicy;
  return {
    layer: 'gitops',
    fileName: `${env.name}.yaml`,
    kube: true,
    header: `Argo CD deploys the ${env.name} overlay. Apply it to Argo CD's namespace, or let an app-of-apps pick it up.`,
    comments: {
      'metadata.labels': `Meshport and the Argo CD plugins find this application through ${NAME_LABEL}; ${LABEL_ENVIRONMENT} names the environment.`,
      'metadata.annotations': `Binds this application to ${componentRef(spec)}: Meshport shows, refreshes and syncs it only for the entity named here (the entity's own annotations cannot claim it).`,
      ...(automated
        ? {
            'spec.syncPolicy.automated':
              'Argo CD applies every commit; prune deletes what Git no longer has; selfHeal reverts drift.',
          }
        : {
            'spec.syncPolicy':
              'Manual sync: Argo CD reports drift, a person decides when to sync.',
          }),
    },
    object: new m.Application({
      metadata: {
        name: resourceNames(spec.name).application(env.name),
        namespace: spec.argocdNamespace,
        labels: { [NAME_LABEL]: spec.name, [LABEL_ENVIRONMENT]: env.name },
        annotations: {
          [ANNOTATION_APPLICATION_ENTITY_REF]: componentRef(spec),
        },
      },
      spec: {
        project: spec.argocdProject,
        source: {
          repoURL: repo.cloneUrl,
          targetRevision: spec.targetRevision,
          path: overlayDir(env.name),
        },
        destination: {
          ...destination(env.cluster),
          namespace: env.namespace,
        },
        syncPolicy: automated ? { automated: { prune, selfHeal } } : {},
      },
    }),
  };
}

/** The API groups and kinds of the base's objects, once each, in order. */
function kindsOf(base: PlannedFile[]) {
  return [
    ...new Map(
      base.map(f => {
        const o = (
          f.object as { toJSON(): { apiVersion: string; kind: string } }
        ).toJSON();
        const group = o.apiVersion.includes('/')
          ? o.apiVersion.split('/')[0]
          : '';
        return [`${group}/${o.kind}`, { group, kind: o.kind }];
      }),
    ).values(),
  ];
}

function appProject(
  m: Models,
  spec: ServiceSpec,
  repo: RepoLocation,
  base: PlannedFile[],
): PlannedFile {
  return {
    layer: 'gitops',
    fileName: 'appproject.yaml',
    kube: true,
    header: `Argo CD project ${spec.argocdProject}: only this repository, only the environments' namespaces, only the kinds generated here.`,
    object: new m.AppProject({
      metadata: {
        name: spec.argocdProject,
        namespace: spec.argocdNamespace,
        labels: { [NAME_LABEL]: spec.name },
      },
      spec: {
        description: `Deployments of ${spec.name}`,
        sourceRepos: [repo.cloneUrl],
        destinations: spec.environments.map(e => ({
          ...destination(e.cluster),
          namespace: e.namespace,
        })),
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        namespaceResourceWhitelist: kindsOf(base),
      },
    }),
  };
}

/** The Argo CD files: an Application per environment, then the AppProject when asked for. */
export function gitopsFiles(
  m: Models,
  spec: ServiceSpec,
  repo: RepoLocation,
  base: PlannedFile[],
): PlannedFile[] {
  return [
    ...spec.environments.map(env => application(m, spec, repo, env)),
    ...(spec.createAppProject ? [appProject(m, spec, repo, base)] : []),
  ];
}
