// The resilience targets of the load-and-fault suite (issue 19), checked on one run's table.
/**
 * The issue 19 targets, each fault phase against the baseline of the same run: p50 ≤ 1.5× the baseline
 * p50, p99 ≤ the baseline p99 + one upstream timeout, throughput ≥ 0.7× the baseline, no failed
 * response, and fresh data again within one probe interval (plus `slackMs` for the sampling) after the
 * fault ends. Returns one line per miss.
 */
export function missedTargets(
  rows,
  { upstreamTimeoutMs, probeIntervalMs, slackMs = 1000 },
) {
  const [baseline, ...faults] = rows;
  const misses = [];
  for (const r of faults) {
    const miss = text => misses.push(`${r.phase}: ${text}`);
    if (r.p50 > 1.5 * baseline.p50)
      miss(`p50 ${r.p50} ms > 1.5 × ${baseline.p50} ms`);
    if (r.p99 > baseline.p99 + upstreamTimeoutMs)
      miss(`p99 ${r.p99} ms > ${baseline.p99} + ${upstreamTimeoutMs} ms`);
    if (r.rps < 0.7 * baseline.rps)
      miss(`${r.rps} req/s < 0.7 × ${baseline.rps} req/s`);
    if (r.non2xx || r.errors || r.timeouts)
      miss(
        `${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts (${JSON.stringify({ ...r.codes, ...r.errorCodes })})`,
      );
    if (r.recoveryMs === null || r.recoveryMs > probeIntervalMs + slackMs)
      miss(
        `fresh again after ${r.recoveryMs === null ? 'never' : `${r.recoveryMs} ms`} > ${probeIntervalMs} ms probe interval`,
      );
  }
  return misses;
}
