// The scale section's rows in the printed report and its targets (issue 17).
import { overviewFloor } from './report.mjs';

const MB = 2 ** 20;
const overOwnFloor = o =>
  Math.round((o.overview.coldMs / overviewFloor(o)) * 100) / 100;

/** The scale section's targets: cold < 1 s and ≤ 1.5× its floor at the largest size, < 100 KB per entity. */
export function scaleTargets(result, add) {
  const scale = result.sections.scale;
  const ok = scale && !scale.error;
  const sizes = ok ? Object.values(scale.sizes).filter(o => !o.error) : [];
  const largest = sizes.at(-1);
  const smaller = Object.entries(result.sections)
    .filter(([k, v]) => k.startsWith('overview N=') && !v.error)
    .map(([, v]) => v);
  const all = [...smaller, ...sizes];
  add(
    'overview upstream requests constant up to N=5,000',
    ok &&
      all
        .map(
          o =>
            `N=${o.n}: ${(o.overview.coldSamplesRequests ?? [o.overview.upstreamRequests]).map(r => r.total).join('/')}`,
        )
        .join(', '),
    ok
      ? new Set(
          all.flatMap(o =>
            (
              o.overview.coldSamplesRequests ?? [o.overview.upstreamRequests]
            ).map(r => JSON.stringify(r)),
          ),
        ).size === 1
      : undefined,
  );
  const recorded = ok && !scale.recorded?.error ? scale.recorded : undefined;
  for (const [o, how] of [
    [largest, ''],
    [recorded, ', recording rules'],
  ]) {
    add(
      `overview cold < 1 s at N=${o?.n ?? '5,000'}${how}`,
      o && `${o.overview.coldMs} ms`,
      o && o.overview.coldMs < 1000,
    );
    add(
      `overview cold ≤ 1.5× max(catalog query of the row fields, the batched PromQL) at N=${o?.n ?? '5,000'}${how}`,
      o &&
        `${overOwnFloor(o)}× (${o.overview.coldMs} ms vs max(${o.overview.catalogQueryRowFieldsMs}, ${o.floor.ms}) ms)`,
      o && overOwnFloor(o) <= 1.5,
    );
  }
  const growth = ok ? scale.memoryGrowth : undefined;
  add(
    'backend memory growth < 100 KB per entity (peak RSS)',
    growth &&
      `${growth.peakKbPerEntity} KB (N=${growth.between.join('→')}; after the overview ${growth.afterOverviewKbPerEntity} KB)`,
    growth && growth.peakKbPerEntity < 100,
  );
  const page = largest?.overviewPage;
  const pageOk = page && !page.error;
  add(
    `overview page at ${largest?.n ?? '5,000'} rows: load → first row < 1.5 s`,
    pageOk && `${page.loadToFirstRowMs} ms`,
    pageOk ? page.loadToFirstRowMs < 1500 : undefined,
  );
  add(
    `overview page at ${largest?.n ?? '5,000'} rows: filter typed → row visible < 500 ms`,
    pageOk && `${page.filterTypedToRowMs} ms`,
    pageOk ? page.filterTypedToRowMs < 500 : undefined,
  );
}

/** Prints the scale section's table. */
export function printScale(result, table) {
  const scale = result.sections.scale;
  if (!scale) return;
  console.log(
    '\n1c. Overview at scale (cold cache; Prometheus holds the largest mesh at every size; requests = prometheus/argocd/kiali)',
  );
  if (scale.error) {
    console.log(`   FAILED: ${scale.error}`);
    return;
  }
  const d = scale.data;
  console.log(
    `   data generated once: ${d.workloads} workloads over ${d.minutes} min, ${d.samples} samples, written in ${(d.generateMs / 1000).toFixed(1)} s, backfilled in ${(d.backfillMs / 1000).toFixed(1)} s, recording rules backfilled in ${(d.recordingRulesMs / 1000).toFixed(1)} s ('recorded': the backend with serviceMesh.prometheus.recordingRules, its floor the recorded queries)`,
  );
  const mb = b => `${Math.round(b / MB)} MB`;
  console.log(
    table(
      [
        'N',
        'overview',
        'requests',
        'warm',
        'catalog query (row fields)',
        'Argo CD list',
        'PromQL floor (req.)',
        'vs max(catalog, PromQL)',
        'backend start / catalog',
        'RSS idle / after / peak',
      ],
      [
        ...Object.values(scale.sizes),
        ...(scale.recorded ? [{ ...scale.recorded, label: 'recorded' }] : []),
      ].map(o =>
        o.error
          ? // The header has 10 columns.
            [o.n, 'FAILED', o.error.slice(0, 60), ...Array(7).fill('')]
          : [
              o.label ? `${o.n} ${o.label}` : o.n,
              `${o.overview.coldMs} ms`,
              o.overview.coldSamplesRequests
                .map(r => `${r.total} (${r.prometheus}/${r.argocd}/${r.kiali})`)
                .join(', '),
              `${o.overview.warmMs} ms`,
              `${o.overview.catalogQueryMs} ms (${o.overview.catalogQueryRowFieldsMs} ms)`,
              `${o.overview.argocdListMs} ms`,
              `${o.floor.ms} ms (${o.floor.prometheusRequests})`,
              `${overOwnFloor(o)}×`,
              `${(o.startup.readyMs / 1000).toFixed(1)} s / ${(o.startup.catalogMs / 1000).toFixed(1)} s`,
              `${mb(o.memory.idleAfterStartBytes)} / ${mb(o.memory.afterOverviewBytes)} / ${mb(o.memory.peakBytes)}`,
            ],
      ),
    ),
  );
  const g = scale.memoryGrowth;
  if (g) {
    console.log(
      `   memory growth per entity (N=${g.between.join('→')}): peak ${g.peakKbPerEntity} KB, after the overview ${g.afterOverviewKbPerEntity} KB, idle after start ${g.idleAfterStartKbPerEntity} KB`,
    );
  }
  const page = Object.values(scale.sizes).find(
    o => o.overviewPage,
  )?.overviewPage;
  if (page) {
    console.log(
      page.error
        ? `   overview page in Chromium: FAILED: ${page.error}`
        : `   overview page in Chromium, ${page.rows} rows (median of ${page.samples.length}): load → first row ${page.loadToFirstRowMs} ms (app boot ${page.loadParts.bootMs} ms, overview answer ${page.loadParts.answerMs} ms for ${page.loadParts.answerKB} KB, answer → first row ${page.loadParts.renderMs} ms), filter typed → its row ${page.filterTypedToRowMs} ms, filter cleared → first page ${page.filterClearedToPageMs} ms; longest main-thread task ${page.longestTaskMs} ms`,
    );
  }
}
