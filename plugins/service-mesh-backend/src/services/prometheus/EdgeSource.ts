import type {
  TopologyEdge,
  TopologyNode,
} from '@meshport/plugin-service-mesh-common';
import type { WorkloadTarget } from './promql';

/** A node as traffic names it, before it is matched to a catalog entity. */
export type ObservedNode = Pick<
  TopologyNode,
  'id' | 'namespace' | 'workload' | 'app' | 'external'
>;

/** Edges and the nodes at their ends. */
export interface ObservedEdges {
  nodes: ObservedNode[];
  edges: TopologyEdge[];
}

/** Where traffic edges come from (Prometheus, or the sandbox). Windows in seconds, times Unix seconds. */
export interface EdgeSource {
  /** The edges into and out of one workload over the `windowSec` before `nowSec`. */
  workloadEdges(
    target: WorkloadTarget,
    windowSec: number,
    nowSec?: number,
  ): Promise<ObservedEdges>;
  /** Every edge into a workload of `namespaces`, in a constant number of queries. */
  meshEdges(
    namespaces: readonly string[],
    windowSec: number,
    nowSec?: number,
  ): Promise<ObservedEdges>;
  /** The destinations the workload sent any traffic to in the `windowSec` before `nowSec`. */
  activeDestinations(
    target: WorkloadTarget,
    windowSec: number,
    nowSec?: number,
  ): Promise<ObservedNode[]>;
}
