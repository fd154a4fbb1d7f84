import type {
  SourceName,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import { describeSource, failedSource, UpstreamError } from '../upstream';

/** The overall deadline of one request, shared by all its upstream calls. */
export class Deadline {
  private readonly at: number;

  constructor(private readonly ms: number) {
    this.at = Date.now() + ms;
  }

  /**
   * Resolves with the promise's value, or rejects with a `timeout` `UpstreamError` when the request's
   * deadline passes first (the call itself keeps its own, per-call timeout).
   */
  race<T>(
    promise: Promise<T>,
    source: SourceName,
    instance?: string,
  ): Promise<T> {
    const remaining = Math.max(0, this.at - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new UpstreamError({
              source,
              instance,
              state: 'timeout',
              message: `${describeSource(source, instance)} did not answer within the request deadline of ${this.ms} ms`,
            }),
          ),
        remaining,
      );
    });
    return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
  }

  /** Runs `load` against the deadline and turns the outcome into a `SourceResult`. */
  async settle<T>(
    source: SourceName,
    instance: string | undefined,
    load: () => Promise<T>,
    sandbox: boolean,
  ): Promise<SourceResult<T>> {
    try {
      const data = await this.race(load(), source, instance);
      return {
        source,
        ...(instance !== undefined ? { instance } : {}),
        state: 'ok',
        ...(sandbox ? { sandbox: true } : {}),
        data,
      };
    } catch (error) {
      return {
        ...failedSource<T>(source, instance, error),
        ...(sandbox ? { sandbox: true } : {}),
      };
    }
  }
}
