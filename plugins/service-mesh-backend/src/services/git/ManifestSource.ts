import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { UpstreamError } from '../upstream';
import { manifestsRefusal, type ManifestsLocation } from './manifestsPolicy';

/** One manifest file read from Git. */
export interface ManifestFile {
  path: string;
  text: string;
}

/** Reads the YAML manifests at a location. Failures are `UpstreamError`s with source `git`. */
export interface ManifestSource {
  /**
   * Why this source will not read the location for its entity, or undefined when it may. Ask it before
   * any cache lookup: a cached answer read for one entity must not be served to another.
   */
  refusal(location: ManifestsLocation): string | undefined;
  read(url: string): Promise<ManifestFile[]>;
}

const YAML_FILE = /\.ya?ml$/i;
/** Limits that keep one repository from flooding the backend. */
/** Most YAML files read for one location. */
export const MAX_MANIFEST_FILES = 200;
/** Most bytes read for one location, a single file or a whole tree alike. */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

/** Counts the bytes read for one location, a single file or a whole tree alike, against one cap. */
class ByteBudget {
  #used = 0;

  constructor(private readonly url: string) {}

  /** Counts `content` and returns it; throws a `bad-answer` UpstreamError once the total passes the cap. */
  take(content: Buffer): Buffer {
    this.#used += content.length;
    if (this.#used > MAX_MANIFEST_BYTES) {
      throw new UpstreamError({
        source: 'git',
        state: 'bad-answer',
        message: `The manifests at ${this.url} exceed ${MAX_MANIFEST_BYTES} bytes; point meshport.io/manifests at the deploy directory`,
      });
    }
    return content;
  }
}

/**
 * Reads manifests through Backstage's URL readers, so only hosts with a configured integration are
 * read, with the integration's credentials, and only inside the entity's own repository or
 * `allowedUrls` (see `manifestsRefusal`). A URL to a `.yaml` file reads that file; any other URL reads
 * the tree below it.
 */
export class UrlReaderManifestSource implements ManifestSource {
  constructor(
    private readonly reader: UrlReaderService,
    private readonly timeoutMs: number,
    private readonly allowedUrls: readonly string[] = [],
  ) {}

  refusal(location: ManifestsLocation): string | undefined {
    return manifestsRefusal(location, this.allowedUrls);
  }

  async read(url: string): Promise<ManifestFile[]> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const budget = new ByteBudget(url);
    try {
      if (YAML_FILE.test(new URL(url).pathname)) {
        const response = await this.reader.readUrl(url, { signal });
        const content = response.stream
          ? await readCapped(response.stream(), budget)
          : budget.take(await response.buffer());
        return [
          {
            path: new URL(url).pathname.split('/').pop()!,
            text: content.toString('utf8'),
          },
        ];
      }
      const tree = await this.reader.readTree(url, {
        signal,
        filter: path => YAML_FILE.test(path),
      });
      const files = (await tree.files()).slice(0, MAX_MANIFEST_FILES);
      const result: ManifestFile[] = [];
      for (const file of files) {
        const content = budget.take(await file.content());
        result.push({ path: file.path, text: content.toString('utf8') });
      }
      return result.sort((a, b) => a.path.localeCompare(b.path));
    } catch (error) {
      throw toGitError(error, url, signal.aborted, this.timeoutMs);
    }
  }
}

/**
 * Reads a stream within the budget. Throwing out of `for await` ends the iteration, which destroys the
 * stream: nothing past the cap is read.
 */
async function readCapped(
  stream: NodeJS.ReadableStream,
  budget: ByteBudget,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(budget.take(Buffer.from(chunk)));
  }
  return Buffer.concat(chunks);
}

function toGitError(
  error: unknown,
  url: string,
  timedOut: boolean,
  timeoutMs: number,
): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const name = (error as Error)?.name;
  const reason = (error as Error)?.message ?? String(error);
  if (timedOut) {
    return new UpstreamError({
      source: 'git',
      state: 'timeout',
      message: `Reading the manifests at ${url} took longer than ${timeoutMs} ms`,
    });
  }
  if (name === 'NotFoundError') {
    return new UpstreamError({
      source: 'git',
      state: 'not-found',
      message: `No manifests at ${url}: ${reason}`,
    });
  }
  if (name === 'NotAllowedError' || /not allowed/i.test(reason)) {
    return new UpstreamError({
      source: 'git',
      state: 'not-configured',
      message: `Backstage may not read ${url}: add an integration for its host (integrations: in app-config)`,
    });
  }
  if (name === 'AuthenticationError' || /40[13]/.test(reason)) {
    return new UpstreamError({
      source: 'git',
      state: 'unauthorized',
      message: `The Git host refused to serve ${url}: check the integration's token`,
    });
  }
  return new UpstreamError({
    source: 'git',
    state: 'unreachable',
    message: `Could not read the manifests at ${url}: ${reason}`,
  });
}
