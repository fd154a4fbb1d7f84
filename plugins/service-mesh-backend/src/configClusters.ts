import type { Config } from '@backstage/config';
import { isClusterName, type MeshCluster } from './services/mesh/clusters';

/** Prometheus label names (`destination_cluster`, `cluster`). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A Prometheus label name at `serviceMesh.<path>`, or `fallback` when unset. */
export function readLabelName(
  config: Config,
  key: string,
  path: string,
  fallback: string,
): string {
  const value = config.getOptionalString(key) ?? fallback;
  if (!LABEL_NAME.test(value)) {
    throw new Error(
      `Invalid config at serviceMesh.${path}: "${value}" is not a Prometheus label name`,
    );
  }
  return value;
}

function readName(config: Config, key: string, path: string) {
  const value = config.getOptionalString(key);
  if (value !== undefined && !isClusterName(value)) {
    throw new Error(
      `Invalid config at serviceMesh.${path}: "${value}" is not a cluster name (letters, digits, "-", "_", ".", at most 253 characters)`,
    );
  }
  return value;
}

/**
 * `serviceMesh.clusters`: each Argo CD destination cluster (by `argocd.name` or `argocd.server`, exactly
 * one) with its Kiali cluster name and Prometheus cluster label value; no destination twice.
 */
export function readClusters(config: Config | undefined): MeshCluster[] {
  const entries = config?.getOptionalConfigArray('clusters') ?? [];
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const path = `clusters[${i}]`;
    const argocd = entry.getOptionalConfig('argocd');
    const name = argocd && readName(argocd, 'name', `${path}.argocd.name`);
    const server = argocd?.getOptionalString('server');
    if ((name === undefined) === (server === undefined)) {
      throw new Error(
        `Invalid config at serviceMesh.${path}.argocd: set exactly one of name (spec.destination.name) or server (spec.destination.server)`,
      );
    }
    if (server !== undefined && !/^https?:\/\/[^\s?#]+$/.test(server)) {
      throw new Error(
        `Invalid config at serviceMesh.${path}.argocd.server: "${server}" is not an http(s) URL as Argo CD's spec.destination.server holds it`,
      );
    }
    const id = name !== undefined ? `name:${name}` : `server:${server}`;
    if (seen.has(id)) {
      throw new Error(
        `Invalid config at serviceMesh.${path}.argocd: the destination ${name ?? server} is mapped twice`,
      );
    }
    seen.add(id);
    const kiali = readName(entry, 'kiali', `${path}.kiali`);
    const prometheus = readName(entry, 'prometheus', `${path}.prometheus`);
    return {
      argocd: name !== undefined ? { name } : { server: server! },
      ...(kiali !== undefined ? { kiali } : {}),
      ...(prometheus !== undefined ? { prometheus } : {}),
    };
  });
}
