import type { KubernetesNameRule } from '../kubernetes';

/**
 * The longest value each Kubernetes name rule allows, for messages that name the limit. It belongs
 * beside the rules in `kubernetes/names.ts`, which does not export it yet.
 */
export const KUBERNETES_NAME_MAX_LENGTH: Record<KubernetesNameRule, number> = {
  'dns1123-label': 63,
  'dns1123-subdomain': 253,
  'dns1035-label': 63,
  'label-key': 317,
  'label-value': 63,
};
