import { Finding } from '../../types';
import {
  namespaceInjection,
  podInjection,
  podTemplateMetadata,
} from '../../istio';
import { KubeObject } from '../types';
import { ANALYZER_RULES } from './ids';
import { ref, workloads } from './objects';

/** Pod templates must carry `app` and `version` labels (Istio telemetry, Kiali, subsets). */
export function checkPodLabels(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const w of workloads(objs)) {
    const { labels } = podTemplateMetadata(w);
    const missing = ['app', 'version'].filter(l => !labels[l]);
    if (missing.length > 0) {
      findings.push({
        rule: ANALYZER_RULES.podMissingLabels,
        severity: 'warning',
        object: ref(w),
        message: `The pod template has no ${missing.join(' or ')} label.`,
        fix: `Add ${missing.map(l => `"${l}"`).join(' and ')} to spec.template.metadata.labels.`,
      });
    }
  }
  return findings;
}

/** Namespaces enable sidecar injection and pods do not opt out of it. */
export function checkSidecarInjection(objs: KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const ns of objs.filter(o => o.kind === 'Namespace')) {
    if (!namespaceInjection(ns.metadata.labels)?.enabled) {
      findings.push({
        rule: ANALYZER_RULES.sidecarInjectionDisabled,
        severity: 'error',
        object: ref(ns),
        message: `Namespace ${ns.metadata.name} does not enable sidecar injection: its pods run outside the mesh.`,
        fix: `Label the namespace istio-injection=enabled (kubectl label namespace ${ns.metadata.name} istio-injection=enabled).`,
      });
    }
  }
  for (const w of workloads(objs)) {
    const { labels, annotations } = podTemplateMetadata(w);
    const pod = podInjection(labels, annotations);
    if (pod?.enabled === false) {
      findings.push({
        rule: ANALYZER_RULES.sidecarInjectionDisabled,
        severity: 'error',
        object: ref(w),
        message: `The pod template opts out of sidecar injection (${pod.key}: "${pod.value}").`,
        fix: `Remove ${pod.key} from the pod template.`,
      });
    }
  }
  return findings;
}
