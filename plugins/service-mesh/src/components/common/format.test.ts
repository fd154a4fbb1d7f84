import {
  commitUrl,
  formatBytesPerSecond,
  formatMs,
  formatPercent,
  formatRps,
  formatTime,
  shortSha,
} from './format';
import { thresholdLevel } from './slo';

const sha = '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b';

describe('commitUrl', () => {
  it.each([
    [
      'https://github.com/acme/checkout.git',
      `https://github.com/acme/checkout/commit/${sha}`,
    ],
    [
      'https://github.com/acme/checkout',
      `https://github.com/acme/checkout/commit/${sha}`,
    ],
    [
      'git@github.com:acme/checkout.git',
      `https://github.com/acme/checkout/commit/${sha}`,
    ],
    [
      'https://gitlab.example.com/shop/checkout.git',
      `https://gitlab.example.com/shop/checkout/-/commit/${sha}`,
    ],
  ])('links %s', (repo, expected) => {
    expect(commitUrl(repo, sha)).toBe(expected);
  });

  it('does not guess for other hosts or for non-SHA revisions', () => {
    expect(
      commitUrl('https://git.internal/acme/checkout.git', sha),
    ).toBeUndefined();
    expect(
      commitUrl('https://github.com/acme/checkout', 'main'),
    ).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats numbers with units and says when there is no data', () => {
    expect(formatPercent(0.031)).toBe('3.1 %');
    expect(formatPercent(0.00213)).toBe('0.21 %');
    expect(formatPercent(null)).toBe('no data');
    expect(formatMs(640)).toBe('640 ms');
    expect(formatMs(170.34)).toBe('170.3 ms');
    expect(formatMs(1500)).toBe('1.5 s');
    expect(formatRps(42.456)).toBe('42.46 req/s');
    expect(shortSha(sha)).toBe('9f1c2d3');
    expect(shortSha('main')).toBe('main');
    expect(formatTime('2026-11-26T09:58:40Z')).toBe('2026-11-26 09:58 UTC');
    expect(formatTime(undefined)).toBe('never');
  });
});

describe('thresholdLevel', () => {
  it('is ok below 80 % of the threshold, a warning up to it and an error above it', () => {
    expect(thresholdLevel(0.007, 0.01)).toBe('ok');
    expect(thresholdLevel(0.009, 0.01)).toBe('warning');
    expect(thresholdLevel(0.01, 0.01)).toBe('warning');
    expect(thresholdLevel(0.011, 0.01)).toBe('error');
    expect(thresholdLevel(null, 0.01)).toBe('unknown');
  });
});

describe('formatBytesPerSecond', () => {
  it.each([
    [null, 'no data'],
    [0, '0 B/s'],
    [512, '512 B/s'],
    [20480, '20 KiB/s'],
    [1572864, '1.5 MiB/s'],
    [5 * 1024 ** 4, '5120 GiB/s'],
  ])('%p reads %p', (value, text) => {
    expect(formatBytesPerSecond(value)).toBe(text);
  });
});
