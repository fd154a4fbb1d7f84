import { Finding } from '../../types';
import {
  isDestinationRule,
  isKind,
  isPodController,
  namespaceOf,
  podTemplateMetadata,
} from '../../istio';
import { KubeObject } from '../types';

/** Where `kubectl apply` puts an object without a namespace, and so where the analyzer reads it. */
export const DEFAULT_NAMESPACE = 'default';

/** The object a finding is about. */
export const ref = (o: KubeObject): Finding['object'] => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
});

/** The namespace an object is applied to. */
export const nsOf = (o: KubeObject) => namespaceOf(o, DEFAULT_NAMESPACE);

/** The VirtualServices among the objects. */
export const virtualServices = (objs: KubeObject[]) =>
  objs.filter(o => isKind(o, 'networking.istio.io', 'VirtualService'));

/** The DestinationRules among the objects. */
export const destinationRules = (objs: KubeObject[]) =>
  objs.filter(isDestinationRule);

/** The core v1 Services among the objects. */
export const services = (objs: KubeObject[]) =>
  objs.filter(o => o.kind === 'Service' && o.apiVersion === 'v1');

/** The pod controllers among the objects. */
export const workloads = (objs: KubeObject[]) => objs.filter(isPodController);

/** Each pod controller's namespace and pod template labels. */
export const podsOf = (objs: KubeObject[]) =>
  workloads(objs).map(w => ({
    ns: nsOf(w),
    labels: podTemplateMetadata(w).labels,
  }));
