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
   * Every edge into a workload of `namespaces`, in a constant number of queries; with `clusters`
   * (multi-cluster) into a workload in one of them (empty: any), the nodes in their clusters.
   */
  meshEdges(
    namespaces: readonly string[],
    windowSec: number,
    nowSec?: number,
    clusters?: readonly string[],
  ): Promise<ObservedEdges>;
  /** The destinations the workload sent any traffic to in the `windowSec` before `nowSec`. */
  activeDestinations(
    target: WorkloadTarget,
    windowSec: number,
    nowSec?: number,
  ): Promise<ObservedNode[]>;
}
