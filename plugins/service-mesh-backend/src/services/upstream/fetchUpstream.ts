import type { SourceName } from '@meshport/plugin-service-mesh-common';
import { describeSource, UpstreamError } from './UpstreamError';

/** How to call one upstream endpoint. */
export interface FetchUpstreamOptions {
  source: SourceName;
  /** Configured instance name, used in messages. */
  instance?: string;
  /** Per-call timeout; the call fails with state `timeout` when it is exceeded. */
  timeoutMs: number;
  /** Bearer token; sent in the Authorization header only, never in a message. */
  token?: string;
  method?: 'GET' | 'POST';
  /** JSON body for POST. */
  body?: unknown;
  /** Extra headers (never the Authorization header, which comes from `token`). */
  headers?: Record<string, string>;
  /** An outer signal, e.g. the request's overall deadline; its abort counts as a timeout. */
  signal?: AbortSignal;
}

/** The URL as it may appear in a message: origin and path only (no query, no user info). */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host name not found (DNS)';
  if (cause?.code === 'ECONNRESET') return 'connection reset';
  if (cause?.code) return `network error ${cause.code}`;
  if (cause?.message) return `network error: ${cause.message}`;
  return `network error: ${error instanceof Error ? error.message : String(error)}`;
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * Calls an upstream JSON API and maps every failure to an `UpstreamError` with the right state:
 * connection refused or DNS failure → `unreachable`, no answer within `timeoutMs` → `timeout`,
 * 401/403 → `unauthorized`, 404 → `not-found`, any other non-2xx or a body that is not JSON →
 * `bad-answer`. Messages name the source, instance and endpoint, never the token.
 */
export async function fetchUpstream<T = unknown>(
  url: string,
  options: FetchUpstreamOptions,
): Promise<T> {
  const { source, instance, timeoutMs, token } = options;
  const method = options.method ?? 'GET';
  const who = describeSource(source, instance);
  const where = `${method} ${safeUrl(url)}`;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([timeout, options.signal])
    : timeout;
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...options.headers,
  };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers,
      body:
        options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal,
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    if (isAbort(error) || signal.aborted) {
      const reason = timeout.aborted
        ? `no answer within ${timeoutMs} ms`
        : 'the request deadline passed before it answered';
      throw new UpstreamError({
        source,
        instance,
        state: 'timeout',
        message: `${who} timed out: ${reason} (${where})`,
      });
    }
    throw new UpstreamError({
      source,
      instance,
      state: 'unreachable',
      message: `${who} is unreachable: ${networkReason(error)} (${where})`,
    });
  }

  if (response.status === 401 || response.status === 403) {
    throw new UpstreamError({
      source,
      instance,
      state: 'unauthorized',
      status: response.status,
      message: `${who} refused the credentials: HTTP ${response.status} (${where}); check the configured token and its permissions`,
    });
  }
  if (response.status === 404) {
    throw new UpstreamError({
      source,
      instance,
      state: 'not-found',
      status: 404,
      message: `${who} has no such object: HTTP 404 (${where})`,
    });
  }
  if (response.status >= 300 && response.status < 400) {
    throw new UpstreamError({
      source,
      instance,
      state: 'bad-answer',
      status: response.status,
      message: `${who} redirected (HTTP ${response.status}) instead of answering (${where}); is a login proxy in front of it, or is the configured URL missing a path prefix?`,
    });
  }
  if (!response.ok) {
    throw new UpstreamError({
      source,
      instance,
      state: 'bad-answer',
      status: response.status,
      message: `${who} answered HTTP ${response.status}${upstreamDetail(text, token)} (${where})`,
    });
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UpstreamError({
      source,
      instance,
      state: 'bad-answer',
      status: response.status,
      message: `${who} answered with a body that is not JSON (${where})`,
    });
  }
}

/** A short, token-free excerpt of an upstream error body (Argo CD and Kiali put the reason there). */
function upstreamDetail(text: string, token?: string): string {
  let detail = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = parsed.message ?? parsed.error;
    detail = typeof message === 'string' ? message : '';
  } catch {
    // Not JSON: an HTML error page from a proxy says nothing useful.
    detail = '';
  }
  const masked = maskUpstreamText(detail, token);
  return masked ? `: ${masked}` : '';
}

/**
 * An upstream's own error text as it may appear in a message: the token replaced by `***` (an upstream
 * or proxy may echo the Authorization header), whitespace folded to one line, cut to 200 characters.
 */
export function maskUpstreamText(text: string, token?: string): string {
  const masked = token ? text.split(token).join('***') : text;
  return masked.replace(/\s+/g, ' ').trim().slice(0, 200);
}
