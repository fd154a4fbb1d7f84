// The mesh overview page (/service-mesh) in Chromium at scale: page load → first table row visible,
// a service name typed into the table's filter → only its row visible, the filter cleared → the first
// page back; and the main thread's long tasks (over 50 ms) during each step.
import { BACKEND_URL } from './backend.mjs';
import { median } from './stats.mjs';

/** Collects the page's long tasks from the start of each document. */
const LONG_TASKS = () => {
  window.__longTasks = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
};

const takeLongTasks = page =>
  page.evaluate(() => {
    const tasks = window.__longTasks.splice(0);
    return {
      count: tasks.length,
      totalMs: Math.round(tasks.reduce((a, b) => a + b, 0)),
      longestMs: Math.round(Math.max(0, ...tasks)),
    };
  });

/**
 * In the page, right after its first row showed: when the overview request was sent and answered
 * (Resource Timing, from navigation start) and now.
 */
const loadParts = () => {
  const [request] = performance
    .getEntriesByType('resource')
    .filter(e => e.name.includes('/api/service-mesh/overview'));
  if (!request)
    throw new Error('the page made no /api/service-mesh/overview request');
  const now = performance.now();
  return {
    bootMs: Math.round(request.startTime),
    answerMs: Math.round(request.responseEnd - request.startTime),
    renderMs: Math.round(now - request.responseEnd),
    answerKB: Math.round(request.encodedBodySize / 1024),
  };
};

/**
 * Waits until the table body holds exactly `count` service rows (those with a catalog link: a paged
 * table fills its last page with empty rows), the first of which contains `text`; a timeout says what
 * the table held.
 */
const rowsShown = (page, count, text, step) =>
  page
    .waitForFunction(
      ([count, text]) => {
        const rows = [...document.querySelectorAll('table tbody tr')].filter(
          r => r.querySelector('a[href*="/catalog/"]'),
        );
        return rows.length === count && rows[0].textContent.includes(text);
      },
      [count, text],
      { polling: 'raf' },
    )
    .catch(async error => {
      const held = await page.evaluate(() =>
        [...document.querySelectorAll('table tbody tr')]
          .slice(0, 3)
          .map(r => r.textContent.slice(0, 60)),
      );
      throw new Error(
        `${step}: expected ${count} row(s) starting with ${JSON.stringify(text)}, the table held ${JSON.stringify(held)} (${error.message.split('\n')[0]})`,
      );
    });

/**
 * Measures the overview page `runs` times for the `workloads` the backend serves (one row each): the
 * filtered name is a four-digit workload, so that it matches exactly one row.
 */
export async function overviewPageSection({ workloads, runs = 3 }) {
  process.env.E2E_BASE_URL = BACKEND_URL;
  const { launch, signIn } = await import('../../../e2e/browser.mjs');
  const { context, page } = await launch();
  const n = workloads.length;
  try {
    await context.addInitScript(LONG_TASKS);
    await signIn(page);
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const name = `svc-${workloads[n - 1 - 7 * i].workload}`;
      const t0 = Date.now();
      await page.goto(`${BACKEND_URL}/service-mesh`);
      await page.getByText(`Services (${n} of ${n})`).waitFor();
      const first = page.locator('table tbody tr').first();
      await first.waitFor();
      const loadMs = Date.now() - t0;
      const load = await page.evaluate(loadParts);
      const firstRowText = await first.textContent();
      const rowsPerPage = await page
        .locator('table tbody tr', {
          has: page.locator('a[href*="/catalog/"]'),
        })
        .count();
      const loadTasks = await takeLongTasks(page);
      const filter = page.getByPlaceholder('Filter');
      const t1 = Date.now();
      await filter.fill(name);
      await rowsShown(page, 1, name, 'filter typed');
      const filterMs = Date.now() - t1;
      const filterTasks = await takeLongTasks(page);
      const t2 = Date.now();
      await filter.fill('');
      await rowsShown(
        page,
        rowsPerPage,
        firstRowText.slice(0, 20),
        'filter cleared',
      );
      const clearMs = Date.now() - t2;
      samples.push({
        loadMs,
        load,
        filterMs,
        clearMs,
        rowsPerPage,
        loadTasks,
        filterTasks,
        clearTasks: await takeLongTasks(page),
      });
    }
    const med = pick => median(samples.map(pick));
    return {
      rows: n,
      loadToFirstRowMs: med(s => s.loadMs),
      // Where the load's time goes, on the page's clock (medians): app boot until the overview request
      // is sent, the backend's answer (request sent → last byte), and the answer → the first row seen.
      loadParts: {
        bootMs: med(s => s.load.bootMs),
        answerMs: med(s => s.load.answerMs),
        renderMs: med(s => s.load.renderMs),
        answerKB: med(s => s.load.answerKB),
      },
      filterTypedToRowMs: med(s => s.filterMs),
      filterClearedToPageMs: med(s => s.clearMs),
      longestTaskMs: Math.max(
        ...samples.flatMap(s => [
          s.loadTasks.longestMs,
          s.filterTasks.longestMs,
          s.clearTasks.longestMs,
        ]),
      ),
      samples,
    };
  } finally {
    await context.close();
  }
}
