import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { UpstreamError } from '../upstream';
import { MAX_MANIFEST_BYTES, UrlReaderManifestSource } from './ManifestSource';

const file = (path: string, text: string) => ({
  path,
  content: async () => Buffer.from(text),
});

function treeOf(files: Array<ReturnType<typeof file>>) {
  return {
    etag: 'e',
    files: async () => files,
    archive: async () => {
      throw new Error('unused');
    },
    dir: async () => {
      throw new Error('unused');
    },
  };
}

describe('UrlReaderManifestSource', () => {
  it('reads the YAML files below a tree URL, sorted, through the URL reader', async () => {
    const readTree = jest.fn(async (_url: string, options: any) => {
      expect(options.filter('deploy/a.yaml')).toBe(true);
      expect(options.filter('README.md')).toBe(false);
      return treeOf([file('b.yml', 'b: 1'), file('a.yaml', 'a: 1')]);
    });
    const source = new UrlReaderManifestSource(
      mockServices.urlReader.mock({ readTree: readTree as any }),
      1000,
    );
    await expect(
      source.read('https://github.com/acme/x/tree/main/deploy'),
    ).resolves.toEqual([
      { path: 'a.yaml', text: 'a: 1' },
      { path: 'b.yml', text: 'b: 1' },
    ]);
  });

  it('reads a single file URL with readUrl', async () => {
    const readUrl = jest.fn(async () => ({
      buffer: async () => Buffer.from('kind: X'),
    }));
    const source = new UrlReaderManifestSource(
      mockServices.urlReader.mock({ readUrl: readUrl as any }),
      1000,
    );
    await expect(
      source.read('https://github.com/acme/x/blob/main/deploy/mesh.yaml'),
    ).resolves.toEqual([{ path: 'mesh.yaml', text: 'kind: X' }]);
  });

  it('applies the same size cap to a single file, and stops reading its stream there', async () => {
    const whole = new UrlReaderManifestSource(
      mockServices.urlReader.mock({
        readUrl: (async () => ({
          buffer: async () => Buffer.alloc(MAX_MANIFEST_BYTES + 1, 'x'),
        })) as any,
      }),
      1000,
    );
    const url = 'https://github.com/acme/x/blob/main/deploy/mesh.yaml';
    await expect(whole.read(url)).rejects.toMatchObject({
      state: 'bad-answer',
      message: `The manifests at ${url} exceed ${MAX_MANIFEST_BYTES} bytes; point meshport.io/manifests at the deploy directory`,
    });

    let chunksRead = 0;
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const endless = Readable.from(
      (function* chunks() {
        for (;;) {
          chunksRead++;
          yield chunk;
        }
      })(),
    );
    const streamed = new UrlReaderManifestSource(
      mockServices.urlReader.mock({
        readUrl: (async () => ({
          buffer: async () => {
            throw new Error('the whole file must not be buffered');
          },
          stream: () => endless,
        })) as any,
      }),
      1000,
    );
    await expect(streamed.read(url)).rejects.toMatchObject({
      state: 'bad-answer',
    });
    expect(chunksRead).toBeLessThanOrEqual(4);
    expect(endless.destroyed).toBe(true);
  });

  it('refuses, with the policy, locations outside the entity repository and its allowedUrls', () => {
    const source = new UrlReaderManifestSource(
      mockServices.urlReader.mock(),
      1000,
      ['https://github.com/acme/platform-manifests'],
    );
    const location = (target: string) => ({
      type: 'url' as const,
      target,
      annotation: 'meshport.io/manifests',
      catalogLocation:
        'url:https://github.com/acme/x/blob/main/catalog-info.yaml',
    });
    expect(
      source.refusal(location('https://github.com/acme/x/tree/main/deploy')),
    ).toBeUndefined();
    expect(
      source.refusal(
        location('https://github.com/acme/platform-manifests/tree/main/x'),
      ),
    ).toBeUndefined();
    expect(
      source.refusal(location('https://github.com/acme/y/tree/main')),
    ).toMatch(
      /^Meshport reads manifests only from the entity's own repository, and meshport.io\/manifests points at https:\/\/github.com\/acme\/y\/tree\/main, outside https:\/\/github.com\/acme\/x,/,
    );
  });

  it.each([
    [
      new NotFoundError('no such path'),
      'not-found',
      /No manifests at .*: no such path/,
    ],
    [
      new NotAllowedError('Reading from x is not allowed'),
      'not-configured',
      /add an integration for its host/,
    ],
    [
      new Error('Request failed with 401 Unauthorized'),
      'unauthorized',
      /refused to serve/,
    ],
    [
      new Error('socket hang up'),
      'unreachable',
      /Could not read the manifests .*: socket hang up/,
    ],
  ])('maps %s to %s', async (error, state, message) => {
    const source = new UrlReaderManifestSource(
      mockServices.urlReader.mock({
        readTree: async () => Promise.reject(error),
      }),
      1000,
    );
    const failure = await source
      .read('https://github.com/acme/x/tree/main/deploy')
      .catch(e => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure.state).toBe(state);
    expect(failure.message).toMatch(message);
  });

  it('times out and refuses oversized trees', async () => {
    const slow = new UrlReaderManifestSource(
      mockServices.urlReader.mock({
        readTree: (async (_url: string, options: any) =>
          new Promise((_, reject) =>
            options.signal.addEventListener('abort', () =>
              reject(new Error('aborted')),
            ),
          )) as any,
      }),
      50,
    );
    await expect(
      slow.read('https://github.com/acme/x/tree/main/deploy'),
    ).rejects.toMatchObject({
      state: 'timeout',
    });
    const huge = new UrlReaderManifestSource(
      mockServices.urlReader.mock({
        readTree: async () =>
          treeOf([file('a.yaml', 'x'.repeat(MAX_MANIFEST_BYTES + 1))]) as any,
      }),
      1000,
    );
    await expect(
      huge.read('https://github.com/acme/x/tree/main/deploy'),
    ).rejects.toMatchObject({
      state: 'bad-answer',
    });
  });
});
