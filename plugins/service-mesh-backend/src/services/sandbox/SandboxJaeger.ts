/*
 * Simulated Jaeger: for a service of the sandbox world, twenty traces over the last hour that follow the
 * simulated call graph (SandboxEdges), deterministic per service and minute. Calls into a service with
 * an ongoing 5xx burst fail in some traces, and the slowest span is the callee's.
 */
import type { JaegerApi, JaegerSpan, JaegerTrace } from '../jaeger';
import { workloadKey } from '../prometheus';
import { signalsAt } from './simulation';
import type { SandboxEdges } from './SandboxEdges';
import { hash, type SandboxDeployment, type SandboxWorld } from './world';

const TRACES = 20;

/** Simulated Jaeger query API. */
export class SandboxJaeger implements JaegerApi {
  constructor(
    private readonly world: SandboxWorld,
    private readonly edges: SandboxEdges,
    readonly consoleUrl: string,
  ) {}

  async recentTraces(service: string, nowMs: number): Promise<JaegerTrace[]> {
    const all = await this.world.deployments();
    const d = all.find(
      x => `${x.workload}.${x.namespace}` === service || x.workload === service,
    );
    if (!d) return [];
    const nowSec = Math.floor(nowMs / 1000);
    const { edges, nodes } = await this.edges.workloadEdges(d, 3600, nowSec);
    const names = new Map(
      nodes.map(n => [
        n.id,
        n.namespace ? `${n.workload}.${n.namespace}` : n.workload,
      ]),
    );
    const calls = edges.filter(
      e => e.source === workloadKey(d) && e.protocol !== 'tcp',
    );
    return Array.from({ length: TRACES }, (_, i) =>
      trace(d, service, calls, names, nowSec, i, all),
    );
  }
}

function trace(
  d: SandboxDeployment,
  service: string,
  calls: Array<{
    target: string;
    errorRatio: number | null;
    latencyP99Ms: number | null;
  }>,
  names: Map<string, string>,
  nowSec: number,
  i: number,
  all: SandboxDeployment[],
): JaegerTrace {
  const seed = hash(`${service}:${Math.floor(nowSec / 60)}:${i}`);
  const traceId =
    seed.toString(16).padStart(8, '0') +
    hash(`${seed}`).toString(16).padStart(8, '0');
  const startUs = (nowSec - 60 - (seed % 3500)) * 1_000_000;
  const own = signalsAt(d, nowSec, nowSec);
  const spans: JaegerSpan[] = [];
  let cursor = startUs + 200;
  calls.forEach((call, c) => {
    const p99 = call.latencyP99Ms ?? 50;
    const durationUs = Math.round(
      p99 * 1000 * (0.2 + ((seed >>> (c + 3)) % 80) / 100),
    );
    const callee = all.find(x => workloadKey(x) === call.target);
    const failing = (call.errorRatio ?? 0) > 0.05 && (seed + c) % 4 === 0;
    spans.push({
      spanId: `${traceId.slice(0, 12)}${String(c + 1).padStart(4, '0')}`,
      parentId: traceId.slice(0, 16),
      service: names.get(call.target) ?? call.target,
      operation: callee ? `POST /${callee.workload}` : `HTTP ${call.target}`,
      startUs: cursor,
      durationUs,
      error: failing,
    });
    cursor += durationUs + 100;
  });
  const selfUs = Math.round(
    (own.latencyP50Ms ?? 20) * 1000 * (0.5 + (seed % 100) / 100),
  );
  spans.unshift({
    spanId: traceId.slice(0, 16),
    service,
    operation: `GET /${d.workload}`,
    startUs,
    durationUs: cursor - startUs + selfUs,
    error: spans.some(s => s.error),
  });
  return { traceId, spans };
}
