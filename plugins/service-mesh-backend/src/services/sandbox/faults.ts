import { readFileSync } from 'node:fs';
import type { SourceName } from '@meshport/plugin-service-mesh-common';
import { describeSource, UpstreamError } from '../upstream';

/** How long one read of the faults file is trusted. */
const READ_EVERY_MS = 200;

/**
 * The sandbox's fault switch, for browser tests of how the portal shows a failing source
 * (`serviceMesh.sandboxFaultsFile`; the sandbox itself never runs in production). The file holds JSON
 * such as `{"kiali": "down"}`; a source named `down` there refuses every call, as an unreachable upstream
 * does. A missing or unreadable file means no fault.
 */
export class SandboxFaults {
  private readAt = -Infinity;
  private down = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the file says `source` is down (read at most every 200 ms). */
  isDown(source: SourceName): boolean {
    if (this.now() - this.readAt >= READ_EVERY_MS) {
      this.readAt = this.now();
      try {
        const faults = JSON.parse(readFileSync(this.file, 'utf8'));
        this.down = new Set(
          Object.entries(faults ?? {})
            .filter(([, state]) => state === 'down')
            .map(([name]) => name),
        );
      } catch {
        this.down = new Set();
      }
    }
    return this.down.has(source);
  }

  /** `api` with every method refusing while the file says `source` is down. */
  wrap<T extends object>(source: SourceName, api: T): T {
    return new Proxy(api, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          this.isDown(source)
            ? Promise.reject(
                new UpstreamError({
                  source,
                  state: 'unreachable',
                  message: `${describeSource(source)} is unreachable: the sandbox faults file says it is down`,
                }),
              )
            : value.apply(target, args);
      },
    });
  }
}
