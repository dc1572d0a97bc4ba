// `npm run bench`: builds the production widget, drives it in the sandbox in headless Chromium, prints every
// figure next to its budget, writes bench/results.json, and exits non-zero when a budget is missed.
// Time budgets judge the widget's OWN share: a do-nothing widget (bench/baseline-widget.js: the block, one GET of
// the lead, its name) runs in a second sandbox in the same browser, card for card in turn with ours, and the budget
// is on the difference — on a busy machine both slow down, and only what is ours is held against us.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { build } = require('../scripts/build');
const { launchChromium } = require('../scripts/chromium');
const { createSandbox } = require('../sandbox/server');
const { fileSizes, compareUiLibraries, mangledGzip, indentedGzip } = require('./sizes');
const { MODULES } = require('../webpack.config');

/** When script.js requires each of its other AMD modules (the size rows say it). */
const LOADED_WHEN = {
  'move-step.js': 'stage-move step, loaded when the stage controls are approached',
  'settings.js': 'settings modal only',
};

const ROOT = path.resolve(__dirname, '..');
const KB = 1024;
const CARD_OPENS = Number(process.env.BENCH_OPENS || 30);
const CYCLES = Number(process.env.BENCH_CYCLES || 200);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function main() {
  const rows = [];
  const add = (group, name, value, unit, budget, ok) => rows.push({ group, name, value, unit, budget: budget ?? '', pass: ok === undefined ? null : ok });

  // ---- sizes --------------------------------------------------------------------------------------
  const outDir = path.join(ROOT, 'widget');
  const zipPath = path.join(ROOT, 'widget.zip');
  await build({ outDir, zipPath });
  const script = fileSizes(path.join(outDir, 'script.js'));
  const style = fileSizes(path.join(outDir, 'style.css'));
  // script.js is what every lead card loads (budgeted); the modules it requires later are information, no budget.
  add('size', 'script.js (card path) raw', round(script.raw / KB), 'KB');
  add('size', 'script.js (card path) gzip, names kept', round(script.gzip / KB), 'KB', '≤ 22 KB', script.gzip <= 22 * KB);
  add('size', 'script.js gzip with indentation (reference only)', round((await indentedGzip(path.join(outDir, 'script.js'))) / KB), 'KB');
  add('size', 'script.js gzip if mangled (reference only)', round((await mangledGzip(path.join(outDir, 'script.js'))) / KB), 'KB');
  for (const { filename } of MODULES.filter((m) => m.filename !== 'script.js')) {
    const sizes = fileSizes(path.join(outDir, filename));
    const when = LOADED_WHEN[filename] ?? 'loaded by script.js';
    add('size', `${filename} raw (${when})`, round(sizes.raw / KB), 'KB');
    add('size', `${filename} gzip (${when})`, round(sizes.gzip / KB), 'KB');
  }
  add('size', 'style.css raw', round(style.raw / KB), 'KB');
  add('size', 'style.css gzip', round(style.gzip / KB), 'KB', '≤ 4 KB', style.gzip <= 4 * KB);
  add('size', 'widget.zip', round(fs.statSync(zipPath).size / KB), 'KB');
  const ui = await compareUiLibraries();
  add('size', 'UI deps, Preact (min+gzip)', round(ui.preact.gzip / KB), 'KB');
  add('size', 'UI deps, React 18 + ReactDOM (min+gzip)', round(ui.react.gzip / KB), 'KB');
  add('size', 'React / Preact ratio', round(ui.ratio), '×');

  // ---- the browser ------------------------------------------------------------------------------------
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lqa-bench-'));
  const sandbox = await createSandbox({ widgetDir: outDir, dataFile: path.join(work, 'state.json'), reset: true });
  // The do-nothing widget is served like ours: same manifest, locales and images, its own script.js.
  const baselineDir = path.join(work, 'baseline-widget');
  fs.cpSync(outDir, baselineDir, { recursive: true, filter: (src) => !/\.(js|css)$/.test(src) });
  fs.copyFileSync(path.join(__dirname, 'baseline-widget.js'), path.join(baselineDir, 'script.js'));
  const baselineSandbox = await createSandbox({ widgetDir: baselineDir, dataFile: path.join(work, 'baseline.json'), reset: true });
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  try {
    const pageErrors = [];
    const openPage = async (box) => {
      const context = await browser.newContext();
      const newPage = await context.newPage();
      newPage.on('pageerror', (e) => pageErrors.push(e.message));
      await newPage.goto(`${box.url}?lang=en&view=none`);
      if (!(await newPage.evaluate(() => window.__sandbox.ready))) throw new Error(`the sandbox at ${box.url} could not load its widget`);
      return { context, page: newPage };
    };
    const { context, page } = await openPage(sandbox);
    const baselinePage = (await openPage(baselineSandbox)).page;
    const leadIds = sandbox.state().leads.filter((l) => l.id <= 1018).map((l) => l.id);
    const OURS_READY = '.lqa-panel[data-state="ready"] h3';
    const BASELINE_READY = '[id$="-baseline"][data-state="ready"] h3';

    /** Opens a card; resolves with ms from the render callback to the deal's data (`ready`) on screen. */
    const openTimed = (id, onPage = page, ready = OURS_READY) =>
      onPage.evaluate(
        ({ leadId, selector }) =>
          new Promise((resolve) => {
            const done = () => {
              const panel = document.querySelector(selector);
              return panel ? performance.now() - window.__sandbox.lastRenderAt : null;
            };
            const observer = new MutationObserver(() => {
              const t = done();
              if (t !== null) {
                observer.disconnect();
                resolve(t);
              }
            });
            observer.observe(document.getElementById('sb-widgets'), { childList: true, subtree: true, attributes: true });
            window.__sandbox.openLead(leadId);
          }),
        { leadId: id, selector: ready },
      );

    // Requests per card: the first of the page session, then later ones.
    let mark = sandbox.requests.length;
    await openTimed(leadIds[0]);
    await page.waitForTimeout(300);
    const first = sandbox.requests.slice(mark);
    add('requests', 'first card: requests', first.length, '', '≤ 2', first.length <= 2);
    add('requests', 'first card: bytes received', round(first.reduce((s, r) => s + (r.bytes || 0), 0) / KB), 'KB');
    mark = sandbox.requests.length;
    await openTimed(leadIds[1]);
    await page.waitForTimeout(300);
    const later = sandbox.requests.slice(mark);
    add('requests', 'later card: requests', later.length, '', '≤ 1', later.length <= 1);
    add('requests', 'later card: bytes received', round(later.reduce((s, r) => s + (r.bytes || 0), 0) / KB), 'KB');

    // Render → data, instant API and 150 ms latency: ours and the do-nothing widget card for card in turn (which
    // goes first alternates), so a load that comes and goes hits both alike.
    for (const latency of [0, 150]) {
      await sandbox.control.setLatency(latency);
      await baselineSandbox.control.setLatency(latency);
      const ours = [];
      const baseline = [];
      // A person opens a card at most every few hundred ms; faster opening would only measure the widget's own
      // rate limiter (5 requests/s), which the burst figure below covers.
      for (let i = 0; i < CARD_OPENS; i++) {
        const id = leadIds[i % leadIds.length];
        const runs = [
          async () => ours.push(await openTimed(id)),
          async () => baseline.push(await openTimed(id, baselinePage, BASELINE_READY)),
        ];
        for (const run of i % 2 ? runs.reverse() : runs) {
          await run();
          await page.waitForTimeout(250);
        }
      }
      // Our share at a percentile = ours minus the do-nothing widget's at that percentile. (A percentile of the
      // pairwise differences would turn every one-sided hiccup — a GC, a descheduled tab — into a difference.)
      const stat = (values, p) => round(percentile(values, p));
      const share = (p) => percentile(ours, p) - percentile(baseline, p);
      const label = latency === 0 ? `${CARD_OPENS} opens, instant API` : `${CARD_OPENS} opens, ${latency} ms API latency`;
      if (latency === 0) {
        add('speed', `render → data, own share (ours − do-nothing), median (${label})`, round(share(50)), 'ms', '≤ 25 ms', share(50) <= 25);
        add('speed', `render → data, own share (ours − do-nothing), p95 (${label})`, round(share(95)), 'ms', '≤ 50 ms', share(95) <= 50);
      } else {
        add('speed', `render → data, own share (ours − do-nothing), median (${label})`, round(share(50)), 'ms');
      }
      add('speed', `render → data, median (${label})`, stat(ours, 50), 'ms');
      add('speed', `render → data, p95 (${label})`, stat(ours, 95), 'ms');
      add('speed', `do-nothing widget: render → data, median (${label})`, stat(baseline, 50), 'ms');
      add('speed', `do-nothing widget: render → data, p95 (${label})`, stat(baseline, 95), 'ms');
    }
    await sandbox.control.setLatency(0);

    // Click → PATCH leaving the page, and → the optimistic UI update.
    await openTimed(leadIds[2]);
    await page.evaluate(() => {
      const send = XMLHttpRequest.prototype.send;
      const open = XMLHttpRequest.prototype.open;
      window.__patchSentAt = [];
      XMLHttpRequest.prototype.open = function (method, ...rest) {
        this.__method = method;
        return open.call(this, method, ...rest);
      };
      XMLHttpRequest.prototype.send = function (...args) {
        if (this.__method === 'PATCH') window.__patchSentAt.push(performance.now());
        return send.apply(this, args);
      };
    });
    const clickTimes = [];
    for (let i = 0; i < 15; i++) {
      clickTimes.push(
        await page.evaluate(
          (value) =>
            new Promise((resolve) => {
              const input = document.querySelector('.lqa-panel input[inputmode="numeric"]');
              const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
              setter.call(input, String(value));
              input.dispatchEvent(new Event('input', { bubbles: true }));
              const panel = document.querySelector('.lqa-panel');
              const before = window.__patchSentAt.length;
              let uiAt = null;
              const observer = new MutationObserver(() => {
                if (uiAt === null) uiAt = performance.now();
              });
              observer.observe(panel, { childList: true, subtree: true, characterData: true, attributes: true });
              const t0 = performance.now();
              input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
              const poll = () => {
                if (window.__patchSentAt.length > before && uiAt !== null) {
                  observer.disconnect();
                  resolve({ patch: window.__patchSentAt[before] - t0, ui: uiAt - t0 });
                } else setTimeout(poll, 5);
              };
              poll();
            }),
          1000 + i,
        ),
      );
      await page.waitForFunction(() => document.querySelector('.lqa-panel')?.getAttribute('aria-busy') === 'false');
      await page.waitForTimeout(600);
    }
    const uiMedian = percentile(clickTimes.map((c) => c.ui), 50);
    const uiMax = Math.max(...clickTimes.map((c) => c.ui));
    add('speed', 'click → PATCH leaves the page, median', round(percentile(clickTimes.map((c) => c.patch), 50), 2), 'ms');
    add('speed', 'click → optimistic UI, median', round(uiMedian, 2), 'ms', '≤ 16 ms', uiMedian <= 16);
    add('speed', 'click → optimistic UI, worst of 15', round(uiMax, 2), 'ms');

    // Click "Next stage" → the required-fields step shows its first control (the seed's deal 1001 lacks the field
    // its next stage requires). Once per page session the rules (and what the step needs) are read; the budget is
    // on the clicks after that, when a move decides at once.
    const stepLead = 1001;
    const cancelStep = () =>
      page.evaluate(() => {
        const cancel = [...document.querySelectorAll('.lqa-step button')].find((b) => b.textContent === 'Cancel');
        cancel?.click();
      });
    await openTimed(stepLead);
    await page.getByRole('button', { name: 'Next stage', exact: true }).click();
    await page.locator('.lqa-step input, .lqa-step textarea, .lqa-step select').first().waitFor();
    await cancelStep();
    const stepTimes = [];
    for (let i = 0; i < 15; i++) {
      stepTimes.push(
        await page.evaluate(
          () =>
            new Promise((resolve) => {
              const next = [...document.querySelectorAll('.lqa-panel button')].find((b) => b.textContent === 'Next stage');
              const panel = document.querySelector('.lqa-panel');
              const shown = () => panel.querySelector('.lqa-step input, .lqa-step textarea, .lqa-step select');
              const t0 = performance.now();
              const observer = new MutationObserver(() => {
                if (!shown()) return;
                observer.disconnect();
                resolve(performance.now() - t0);
              });
              observer.observe(panel, { childList: true, subtree: true });
              next.click();
            }),
        ),
      );
      await cancelStep();
      await page.waitForTimeout(100);
    }
    const stepMedian = percentile(stepTimes, 50);
    add('speed', 'click → required fields step shown, median (rules cached)', round(stepMedian, 2), 'ms', '≤ 16 ms', stepMedian <= 16);
    add('speed', 'click → required fields step shown, worst of 15', round(Math.max(...stepTimes), 2), 'ms');
    const stepPatches = sandbox.requests.filter((r) => r.method === 'PATCH' && r.url.endsWith(`/${stepLead}`)).length;
    add('speed', 'PATCHes sent by the step clicks (all cancelled)', stepPatches, '', '0', stepPatches === 0);

    // 200 card open/close cycles in one page.
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    await page.evaluate(() => window.__sandbox.openList());
    const heapBefore = await heap();
    const nodesBefore = await page.evaluate(() => document.getElementsByTagName('*').length);
    for (let i = 0; i < CYCLES; i++) {
      await openTimed(leadIds[i % leadIds.length]);
      await page.evaluate(() => window.__sandbox.openList());
    }
    const afterDestroy = sandbox.requests.length;
    await page.waitForTimeout(1500);
    const heapGrowth = (await heap()) - heapBefore;
    const leftNodes = await page.evaluate(() => document.querySelectorAll('[class*="lqa"], [id$="-lead-panel"]').length);
    const nodesAfter = await page.evaluate(() => document.getElementsByTagName('*').length);
    const subscriptions = await page.evaluate(() => window.__sandbox.subscriptions());
    const lateRequests = sandbox.requests.length - afterDestroy;
    add('memory', `JS heap growth after GC (${CYCLES} cycles)`, round(heapGrowth / KB), 'KB', '≤ 1024 KB', heapGrowth <= 1024 * KB);
    add('memory', 'DOM nodes left by the widget', leftNodes, '', '0', leftNodes === 0);
    add('memory', 'document element count change', nodesAfter - nodesBefore, '');
    add('memory', 'live socket subscriptions', subscriptions, '', '0', subscriptions === 0);
    add('memory', 'requests after destroy', lateRequests, '', '0', lateRequests === 0);

    // A burst of 50 budget saves in one second.
    const burstLead = leadIds[3];
    await openTimed(burstLead);
    const burstStart = sandbox.requests.length;
    await page.evaluate(async () => {
      const input = () => document.querySelector('.lqa-panel input[inputmode="numeric"]');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      for (let i = 1; i <= 50; i++) {
        setter.call(input(), String(70000 + i));
        input().dispatchEvent(new Event('input', { bubbles: true }));
        input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await page.waitForFunction(() => document.querySelector('.lqa-panel')?.getAttribute('aria-busy') === 'false', null, { timeout: 30000 });
    await page.waitForTimeout(1500);
    const burst = sandbox.requests.slice(burstStart);
    let maxWindow = 0;
    for (const r of burst) maxWindow = Math.max(maxWindow, burst.filter((x) => x.t >= r.t && x.t < r.t + 1000).length);
    const finalPrice = sandbox.state().leads.find((l) => l.id === burstLead).price;
    add('rate', 'burst of 50 actions: requests sent', burst.length, '');
    add('rate', 'burst: most requests in any 1 s window', maxWindow, '', '≤ 7', maxWindow <= 7);
    add('rate', 'burst: final server state = last intent', finalPrice === 70050 ? 'yes' : `no (${finalPrice})`, '', 'yes', finalPrice === 70050);
    add('health', 'page errors during the run', pageErrors.length, '', '0', pageErrors.length === 0);
  } finally {
    await browser.close();
    await sandbox.close();
    await baselineSandbox.close();
  }

  const width = Math.max(...rows.map((r) => r.name.length));
  process.stdout.write(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  budget       result\n`);
  for (const r of rows) {
    const value = `${r.value}${r.unit && r.unit !== '' ? ' ' + r.unit : ''}`;
    process.stdout.write(`${r.name.padEnd(width)}  ${value.padStart(10)}  ${String(r.budget).padEnd(11)}  ${r.pass === null ? '' : r.pass ? 'ok' : 'MISSED'}\n`);
  }
  const missed = rows.filter((r) => r.pass === false);
  const results = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, rows, missed: missed.map((r) => r.name) };
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\n${missed.length ? `${missed.length} budget(s) missed: ${missed.map((r) => r.name).join('; ')}` : 'every budget met'}\n`);
  process.exitCode = missed.length ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error.message}\n`);
  process.exitCode = 1;
});
