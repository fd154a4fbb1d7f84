import { Finding } from '../../types';
import {
  isKubernetesName,
  kubernetesNameProblem,
  KUBERNETES_NAME_RULES,
  KubernetesNameRule,
} from '../../kubernetes';
import { isPodController, podTemplateMetadata } from '../../istio';
import { KubeObject } from '../types';
import { ANALYZER_RULES } from './ids';
import { ref } from './objects';

/** Service names are DNS-1035 labels and Namespace names DNS-1123 labels; other names are subdomains. */
const NAME_RULES: Record<string, KubernetesNameRule> = {
  Service: 'dns1035-label',
  Namespace: 'dns1123-label',
};

const finding = (o: KubeObject, message: string, fix: string): Finding => ({
  rule: ANALYZER_RULES.nameTooLong,
  severity: 'error',
  object: ref(o),
  message,
  fix,
});

function nameFindings(o: KubeObject): Finding[] {
  const { name } = o.metadata;
  const rule = NAME_RULES[o.kind] ?? 'dns1123-subdomain';
  if (isKubernetesName(name, rule)) return [];
  const limit = KUBERNETES_NAME_RULES[rule].maxLength;
  return [
    name.length > limit
      ? finding(
          o,
          `The name is ${name.length} characters long; a ${o.kind} name may have at most ${limit}.`,
          'Shorten the service name from which this name is derived.',
        )
      : finding(
          o,
          `The ${o.kind} name ${kubernetesNameProblem(name, rule)}.`,
          'Rename it to a name of that form.',
        ),
  ];
}

function labelFindings(o: KubeObject): Finding[] {
  const labelSets = [o.metadata.labels ?? {}];
  if (isPodController(o)) labelSets.push(podTemplateMetadata(o).labels);
  const limit = KUBERNETES_NAME_RULES['label-value'].maxLength;
  return labelSets
    .flatMap(labels => Object.entries(labels))
    .flatMap(([key, raw]) => {
      const value = String(raw);
      const out: Finding[] = [];
      if (!isKubernetesName(key, 'label-key')) {
        out.push(
          finding(
            o,
            `The label key ${kubernetesNameProblem(key, 'label-key')}.`,
            'Rename the label.',
          ),
        );
      }
      if (value.length > limit) {
        out.push(
          finding(
            o,
            `Label ${key} has a value of ${value.length} characters; label values may have at most ${limit}.`,
            `Shorten the value of label ${key}.`,
          ),
        );
      } else if (!isKubernetesName(value, 'label-value')) {
        out.push(
          finding(
            o,
            `Label ${key}: ${kubernetesNameProblem(value, 'label-value')}.`,
            `Change the value of label ${key}.`,
          ),
        );
      }
      return out;
    });
}

/** Object names, label keys and label values have the form and length Kubernetes accepts. */
export function checkNameLengths(objs: KubeObject[]): Finding[] {
  return objs.flatMap(o => [...nameFindings(o), ...labelFindings(o)]);
}
