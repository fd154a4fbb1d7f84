/*
 * The portal's meshed-service template (templates/meshed-service) as the scaffolder API takes it: the
 * parsed template, its skeleton as dry-run directory contents, and the form values that the module's
 * tests and the benchmark share (each adds the service's name, owner, exposure, publishing and
 * environments).
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** templates/meshed-service/template.yaml of the repository (this package sits in plugins/). */
export const templatePath = resolvePackagePath(
  '@meshport/plugin-scaffolder-backend-module-service-mesh',
  '../../templates/meshed-service/template.yaml',
);

/** The parsed template document. */
export function meshedServiceTemplate() {
  return parse(fs.readFileSync(templatePath, 'utf8'));
}

/** The template's skeleton, as the Template Editor sends it with a dry run (`directoryContents`). */
export function skeletonContents() {
  const skeleton = join(templatePath, '../skeleton');
  return fs.readdirSync(skeleton).map(f => ({
    path: `skeleton/${f}`,
    base64Content: fs.readFileSync(join(skeleton, f)).toString('base64'),
  }));
}

/** Form values of a two-replica HTTP service with a 90/10 canary, synced automatically by Argo CD. */
export const serviceValues = {
  lifecycle: 'experimental',
  port: 8080,
  protocol: 'HTTP',
  replicas: 2,
  cpuRequest: '100m',
  memoryRequest: '128Mi',
  cpuLimit: '500m',
  memoryLimit: '256Mi',
  healthPath: '/healthz',
  mtlsMode: 'STRICT',
  allowedCallers: ['shop'],
  timeoutSeconds: 10,
  retries: 2,
  outlierDetection: true,
  canaryEnabled: true,
  stableVersion: 'v1',
  stableWeight: 90,
  canaryVersion: 'v2',
  canaryWeight: 10,
  argocdProject: 'default',
  createAppProject: false,
  targetRevision: 'main',
  automated: true,
  prune: true,
  selfHeal: true,
};
