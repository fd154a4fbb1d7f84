import type {
  TopologyEdge,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import type { WorkloadTarget } from './promql';

/** A node as traffic names it, before it is matched to a catalog entity. */
export type ObservedNode = Pick<
  TopologyNode,
  'id' | 'cluster' | 'namespace' | 'workload' | 'app' | 'external'
>;

/** Edges and the nodes at their ends. */
export interface ObservedEdges {
  nodes: ObservedNode[];
  edges: TopologyEdge[];
}

/**
 * Where traffic edges come from (Prometheus, or the sandbox). Windows in seconds, times Unix seconds.
 * A target's `cluster` (multi-cluster) is where the workload runs; nodes then carry their cluster.
 */
export interface EdgeSource {
  /** The edges into and out of one workload over the `windowSec` before `nowSec`. */
  workloadEdges(
    target: WorkloadTarget,
    windowSec: number,
    nowSec?: number,
  ): Promise<ObservedEdges>;
  /**
   * Every edge into a workload of the mesh, in every namespace, in a constant number of queries (the
   * caller keeps those it shows); `byCluster` (multi-cluster) tells the clusters apart, the nodes in
   * their clusters.
   */
  meshEdges(
    windowSec: number,
    nowSec?: number,
    byCluster?: boolean,
  ): Promise<ObservedEdges>;
  /** The destinations the workload sent any traffic to in the `windowSec` before `nowSec`. */
  activeDestinations(
    target: WorkloadTarget,
    windowSec: number,
    nowSec?: number,
  ): Promise<ObservedNode[]>;
}
