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
import { ownNamespace } from './kustomize';
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

/** The API groups and kinds of the namespaced objects the overlays render, once each, in order. */
function kindsOf(rendered: PlannedFile[]) {
  return [
    ...new Map(
      rendered
        .filter(f => f.kube)
        .map(f => {
          const o = (
            f.object as { toJSON(): { apiVersion: string; kind: string } }
          ).toJSON();
          const group = o.apiVersion.includes('/')
            ? o.apiVersion.split('/')[0]
            : '';
          return [`${group}/${o.kind}`, { group, kind: o.kind }] as const;
        })
        .filter(([, k]) => k.kind !== 'Namespace'),
    ).values(),
  ];
}

/** Where one environment deploys: its namespace, and any namespace an overlay object names itself. */
function destinationsOf(env: Environment, rendered: PlannedFile[]) {
  const own = rendered
    .filter(f => f.environment === env.name)
    .map(ownNamespace)
    .filter((ns): ns is string => ns !== undefined);
  return [...new Set([env.namespace, ...own])].map(namespace => ({
    ...destination(env.cluster),
    namespace,
  }));
}

function appProject(
  m: Models,
  spec: ServiceSpec,
  repo: RepoLocation,
  rendered: PlannedFile[],
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
        destinations: spec.environments.flatMap(e =>
          destinationsOf(e, rendered),
        ),
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        namespaceResourceWhitelist: kindsOf(rendered),
      },
    }),
  };
}

/**
 * The Argo CD files: an Application per environment, then the AppProject when asked for, allowing
 * the kinds and namespaces of `rendered` (the base and overlay files).
 */
export function gitopsFiles(
  m: Models,
  spec: ServiceSpec,
  repo: RepoLocation,
  rendered: PlannedFile[],
): PlannedFile[] {
  return [
    ...spec.environments.map(env => application(m, spec, repo, env)),
    ...(spec.createAppProject ? [appProject(m, spec, repo, rendered)] : []),
  ];
}
