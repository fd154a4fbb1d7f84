import type {
  GoldenSignalValues,
  ObservedMtls,
  SeriesPoint,
  SignalRange,
} from '@meshport/plugin-service-mesh-common';
import {
  NO_OBSERVED_MTLS,
  NO_SIGNAL_VALUES,
  SIGNAL_RANGES,
  workloadKey,
  type GoldenSignalsSource,
  type OverviewSignals,
  type WorkloadSignals,
  type WorkloadTarget,
} from '../prometheus';
import { observedAt, signalsAt } from './simulation';
import type { SandboxDeployment, SandboxWorld } from './world';

/** Simulated golden signals and observed mTLS, in place of Prometheus. */
export class SandboxSignals implements GoldenSignalsSource {
  constructor(private readonly world: SandboxWorld) {}

  private async lookup(): Promise<Map<string, SandboxDeployment>> {
    const all = await this.world.deployments();
    return new Map(all.map(d => [workloadKey(d), d]));
  }

  async entitySignals(
    target: WorkloadTarget,
    range: SignalRange,
    nowSec = Math.floor(Date.now() / 1000),
  ): Promise<WorkloadSignals> {
    const d = (await this.lookup()).get(workloadKey(target));
    const { rangeSec, stepSec } = SIGNAL_RANGES[range];
    const end = Math.floor(nowSec / stepSec) * stepSec;
    const times: number[] = [];
    for (let t = end - rangeSec; t <= end; t += stepSec) times.push(t);
    const values = times.map(t =>
      d ? signalsAt(d, t, nowSec) : NO_SIGNAL_VALUES,
    );
    const series = (key: keyof GoldenSignalValues): SeriesPoint[] =>
      times.map((t, i) => [t, values[i][key]]);
    return {
      current: d ? signalsAt(d, nowSec, nowSec) : NO_SIGNAL_VALUES,
      range,
      stepSeconds: stepSec,
      series: {
        requestsPerSecond: series('requestsPerSecond'),
        errorRatio: series('errorRatio'),
        latencyP50Ms: series('latencyP50Ms'),
        latencyP95Ms: series('latencyP95Ms'),
        latencyP99Ms: series('latencyP99Ms'),
        cpuSaturation: series('cpuSaturation'),
        memorySaturation: series('memorySaturation'),
      },
    };
  }

  /** One value per target, keyed `namespace/workload`; `missing` for workloads the world does not have. */
  private async perTarget<T>(
    targets: readonly WorkloadTarget[],
    value: (d: SandboxDeployment) => T,
    missing: T,
  ): Promise<Map<string, T>> {
    const lookup = await this.lookup();
    return new Map(
      targets.map(t => {
        const d = lookup.get(workloadKey(t));
        return [workloadKey(t), d ? value(d) : missing];
      }),
    );
  }

  async currentValues(
    targets: readonly WorkloadTarget[],
    nowSec = Math.floor(Date.now() / 1000),
  ): Promise<Map<string, GoldenSignalValues>> {
    return this.perTarget(
      targets,
      d => signalsAt(d, nowSec, nowSec),
      NO_SIGNAL_VALUES,
    );
  }

  async overviewValues(
    nowSec = Math.floor(Date.now() / 1000),
  ): Promise<Map<string, OverviewSignals>> {
    const all = await this.world.deployments();
    return new Map(
      all.map(d => {
        const values = signalsAt(d, nowSec, nowSec);
        return [
          workloadKey(d),
          {
            requestsPerSecond: values.requestsPerSecond,
            errorRatio: values.errorRatio,
            latencyP99Ms: values.latencyP99Ms,
            observedMtls: observedAt(d, nowSec, nowSec),
          },
        ];
      }),
    );
  }

  async observedMtls(
    targets: readonly WorkloadTarget[],
    nowSec = Math.floor(Date.now() / 1000),
  ): Promise<Map<string, ObservedMtls>> {
    return this.perTarget(
      targets,
      d => observedAt(d, nowSec, nowSec),
      NO_OBSERVED_MTLS,
    );
  }
}
