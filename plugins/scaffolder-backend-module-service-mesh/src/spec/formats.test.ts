import {
  isCaller,
  isClusterRef,
  isGitRef,
  isHttpPath,
  isRepoUrl,
  isValidHost,
  isWorkspacePath,
  parseQuantity,
} from './formats';

describe('input formats', () => {
  it('accepts Argo CD cluster names as DNS-1123 subdomains, and https API servers', () => {
    expect(
      [
        'in-cluster',
        'prod.eu-1',
        'https://k8s.example.com:6443/p',
        'a..b',
        'a.-b',
        '-a',
        'http://k8s.example.com',
      ].map(isClusterRef),
    ).toEqual([true, true, true, false, false, false, false]);
  });

  it('checks hosts, callers, Git refs, paths and URLs', () => {
    expect(
      ['*.a.com', 'a.com', '1.b.com', 'a-.b.com', 'a.*.com'].map(isValidHost),
    ).toEqual([true, true, true, false, false]);
    expect(
      ['ns', 'ns/sa', '1ns', 'ns/sa/x', `${'a'.repeat(64)}`].map(isCaller),
    ).toEqual([true, true, false, false, false]);
    expect(
      ['main', 'release/1.0', 'a..b', 'a/', 'x.lock'].map(isGitRef),
    ).toEqual([true, true, false, false, false]);
    expect(
      ['/', `/${'a'.repeat(200)}`, `/${'a'.repeat(201)}`, '/a?b'].map(
        isHttpPath,
      ),
    ).toEqual([true, true, false, false]);
    expect(
      ['https://h.com/a.git', 'https://h.com/', 'https://u:p@h.com/a'].map(
        isRepoUrl,
      ),
    ).toEqual([true, false, false]);
    expect(
      ['.', 'a/b', '../a', 'a\\..\\b', 'C:/x'].map(isWorkspacePath),
    ).toEqual([true, true, false, false, false]);
    expect(['250m', '1', '128Mi', '.5'].map(parseQuantity)).toEqual([
      0.25,
      1,
      128 * 2 ** 20,
      0.5,
    ]);
  });
});
