import type {
  SourceName,
  SourceResult,
  SourceState,
} from '@meshport/plugin-service-mesh-common';

/** The states an upstream call can fail with. */
export type UpstreamFailureState = Exclude<SourceState, 'ok'>;

const SOURCE_TITLES: Record<SourceName, string> = {
  argocd: 'Argo CD',
  kiali: 'Kiali',
  prometheus: 'Prometheus',
  git: 'Git',
  jaeger: 'Jaeger',
};

/** Human name of a source, with its instance when there are several, e.g. `Argo CD instance "prod"`. */
export function describeSource(source: SourceName, instance?: string): string {
  return instance
    ? `${SOURCE_TITLES[source]} instance "${instance}"`
    : SOURCE_TITLES[source];
}

/**
 * A failed upstream call, typed by what went wrong. The message names the source, the instance and the
 * reason, and never contains a token.
 */
export class UpstreamError extends Error {
  readonly source: SourceName;
  readonly instance?: string;
  readonly state: UpstreamFailureState;
  /** HTTP status of the upstream answer, when there was one. */
  readonly status?: number;

  constructor(options: {
    source: SourceName;
    instance?: string;
    state: UpstreamFailureState;
    message: string;
    status?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'UpstreamError';
    this.source = options.source;
    this.instance = options.instance;
    this.state = options.state;
    this.status = options.status;
  }
}

/**
 * Turns any error thrown while asking an upstream into a `SourceResult` without data. Errors that are not
 * `UpstreamError` (bugs, unexpected shapes) become `bad-answer` with their message.
 */
export function failedSource<T>(
  source: SourceName,
  instance: string | undefined,
  error: unknown,
): SourceResult<T> {
  if (error instanceof UpstreamError) {
    return {
      source: error.source,
      ...(error.instance !== undefined ? { instance: error.instance } : {}),
      state: error.state,
      message: error.message,
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    source,
    ...(instance !== undefined ? { instance } : {}),
    state: 'bad-answer',
    message: `${describeSource(source, instance)} gave an answer Meshport could not use: ${reason}`,
  };
}

/** A `SourceResult` for a source that has no configuration. */
export function notConfiguredSource<T>(
  source: SourceName,
  hint: string,
): SourceResult<T> {
  return {
    source,
    state: 'not-configured',
    message: `${SOURCE_TITLES[source]} is not configured: ${hint}`,
  };
}
