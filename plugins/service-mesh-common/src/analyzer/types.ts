/** A Kubernetes object as read from a manifest: the envelope the analyzer relies on, the rest untyped. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  [key: string]: unknown;
}
