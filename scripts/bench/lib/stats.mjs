// Small numeric helpers shared by the sections.

/** The q-quantile (0..1) of `values` by nearest rank; undefined for an empty list. */
export function quantile(values, q) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(
    sorted.length,
    Math.max(1, Math.ceil(q * sorted.length)),
  );
  return sorted[rank - 1];
}

/** Median of `values`. */
export const median = values => quantile(values, 0.5);

/** Milliseconds `fn` takes, with its result. */
export async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/** Runs `tasks` (functions returning promises) with at most `limit` running at once. */
export async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, worker),
  );
  return results;
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Rounds for display and JSON. */
export const round = (x, digits = 1) =>
  x === undefined || x === null
    ? x
    : Math.round(x * 10 ** digits) / 10 ** digits;
