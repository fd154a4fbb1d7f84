/** Formats a 0..1 ratio as a percentage with up to two decimals ("3.1 %"). */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'no data';
  return `${Number((value * 100).toFixed(2))} %`;
}

/** Formats milliseconds ("640 ms", "1.2 s"). */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'no data';
  if (value >= 1000) return `${Number((value / 1000).toFixed(2))} s`;
  return `${Number(value.toFixed(1))} ms`;
}

/** Formats requests per second ("42.5 req/s"). */
export function formatRps(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'no data';
  return `${Number(value.toFixed(2))} req/s`;
}

/** Formats bytes per second in binary units ("512 B/s", "20 KiB/s", "1.5 MiB/s"). */
export function formatBytesPerSecond(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'no data';
  const units = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return `${Number(scaled.toFixed(1))} ${units[unit]}`;
}

/** First seven characters of a commit SHA. */
export function shortSha(revision: string): string {
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}

/**
 * Link to a commit when the repository is hosted on GitHub or GitLab (https or scp-like git URL);
 * undefined for other hosts, whose commit URLs we cannot guess.
 */
export function commitUrl(
  repoURL: string,
  revision: string,
): string | undefined {
  if (!/^[0-9a-f]{7,40}$/i.test(revision)) return undefined;
  const match =
    /^(?:https?:\/\/|git@)((?:www\.)?github\.com|gitlab\.[^/:]+)[/:](.+?)(?:\.git)?\/?$/.exec(
      repoURL.trim(),
    );
  if (!match) return undefined;
  const [, host, path] = match;
  const base = `https://${host.replace(/^www\./, '')}/${path}`;
  return host.includes('gitlab')
    ? `${base}/-/commit/${revision}`
    : `${base}/commit/${revision}`;
}

/** A timestamp as the user's locale shows it, in UTC so that tests and screenshots agree. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return 'never';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
