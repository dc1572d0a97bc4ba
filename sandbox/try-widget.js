// `node sandbox/try-widget.js DIR [--lead ID] [--lang ru] [--no-settings] [--screenshot FILE]`: does a widget
// folder run in the sandbox as it is? Serves DIR, opens a lead card in headless Chromium, then the settings
// modal, and reports the block's text, failed requests and page errors. Exits 1 on any failure or error.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launchChromium } = require('../scripts/chromium');
const { createSandbox } = require('./server');

const USAGE =
  'node sandbox/try-widget.js DIR [--lead ID] [--lang ru|en|es|pt] [--no-settings] [--screenshot FILE]';
const WAIT_MS = 10000;

function parseArgs(argv) {
  const args = {
    dir: null,
    lead: 1001,
    then: 1002,
    lang: 'ru',
    reentry: 'render',
    settings: true,
    screenshot: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lead') args.lead = Number(argv[++i]);
    else if (a === '--then') args.then = Number(argv[++i]);
    else if (a === '--lang') args.lang = argv[++i];
    else if (a === '--reentry') args.reentry = argv[++i];
    else if (a === '--no-settings') args.settings = false;
    else if (a === '--screenshot') args.screenshot = path.resolve(argv[++i]);
    else if (a === '--help' || a === '-h') args.help = true;
    else if (!args.dir) args.dir = path.resolve(a);
  }
  return args;
}

const text = (s) =>
  String(s || '')
    .replace(/\s+/g, ' ')
    .trim();

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !args.dir) {
    process.stdout.write(`${USAGE}\n`);
    return args.help ? 0 : 2;
  }
  if (!fs.existsSync(path.join(args.dir, 'manifest.json')))
    throw new Error(`${args.dir} has no manifest.json`);
  const manifest = JSON.parse(fs.readFileSync(path.join(args.dir, 'manifest.json'), 'utf8'));
  const wantsBlock = (manifest.locations || []).some((l) => /^lcard-1$/.test(l));
  const dataFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'try-widget-')), 'state.json');
  const sandbox = await createSandbox({ widgetDir: args.dir, dataFile, reset: true });
  const browser = await launchChromium();
  const errors = [];
  const failed = [];
  let problems = 0;
  const say = (line) => process.stdout.write(`${line}\n`);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
        errors.push(`console.error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => failed.push(`${r.method()} ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => {
      const url = new URL(r.url());
      // The widget's own API answers are its business; files and unknown endpoints are the question here.
      if (r.status() >= 400 && !(url.pathname.startsWith('/api/v4/') && ![404, 405].includes(r.status())))
        failed.push(`${r.status()} ${r.request().method()} ${url.pathname}${url.search}`);
    });
    await page.goto(
      `${sandbox.url}?lang=${encodeURIComponent(args.lang)}&view=none&noreload&reentry=${encodeURIComponent(args.reentry)}`,
    );
    const ready = await page.evaluate(() => globalThis.__sandbox.ready);
    say(
      `widget ${path.relative(process.cwd(), args.dir) || '.'} as ${sandbox.widgetCode}, version ${manifest.widget?.version}`,
    );
    if (!ready) {
      say(`could not load: ${text(await page.locator('#sb-card-fields').textContent())}`);
      problems++;
    } else {
      const notice = await page
        .locator('#sb-locale-notice:not([hidden])')
        .textContent()
        .catch(() => null);
      if (notice) say(`locale: ${notice}`);
      /** Opens a card and reports its block; a missing block on the first card is a failure. */
      const tryCard = async (id, required) => {
        await page.evaluate(() => void (globalThis.__sandbox.calls.length = 0));
        await page.evaluate((leadId) => globalThis.__sandbox.openLead(leadId), id);
        const block = page.locator(`#widgets_block .card-widgets__widget-${sandbox.widgetCode}`).first();
        try {
          await block.waitFor({ timeout: required ? WAIT_MS : WAIT_MS / 2 });
          await page.waitForTimeout(500); // what the widget draws right after its block appears
          say(
            `lead card ${id}: block text: "${text(await block.locator('.card-widgets__widget__body').textContent())}"`,
          );
        } catch {
          say(`lead card ${id}: no block`);
          if (required && wantsBlock) problems++;
        }
        const calls = await page.evaluate(() =>
          globalThis.__sandbox.calls.map((c) => `${c.name}:${c.returned}`),
        );
        say(`  callbacks: ${calls.join(', ')}`);
      };
      await tryCard(args.lead, true);
      if (args.screenshot) {
        await page.screenshot({ path: args.screenshot });
        say(`screenshot: ${path.relative(process.cwd(), args.screenshot)}`);
      }
      // A card switch: with --reentry render the same widget object gets render() alone (§4a); a widget that
      // draws only in init shows nothing there (reported, not counted: the two readings are in the README).
      if (args.then) await tryCard(args.then, false);
      if (args.settings) {
        await page.evaluate(() => globalThis.__sandbox.openSettings());
        await page.waitForTimeout(1500); // settings pages load their templates and data first
        const body = text(await page.locator('#sb-settings-modal .widget_settings_block').textContent());
        say(`settings modal: "${body.length > 300 ? body.slice(0, 300) + '…' : body}"`);
        await page.evaluate(() => globalThis.__sandbox.closeSettings());
      }
    }
    await page.waitForTimeout(300);
  } finally {
    await browser.close();
    await sandbox.close();
  }
  const serverFailures = sandbox.failures.map((f) => `${f.status} ${f.method} ${f.url}`);
  const allFailed = [...new Set([...failed, ...serverFailures])];
  say(`failed requests: ${allFailed.length}`);
  allFailed.forEach((f) => say(`  ${f}`));
  say(`page errors: ${errors.length}`);
  errors.forEach((e) => say(`  ${e}`));
  return problems + allFailed.length + errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
