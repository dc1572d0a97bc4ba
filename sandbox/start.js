// `npm start`: builds the widget (and rebuilds on change), serves it in the emulated amoCRM lead card.
// Flags: --widget DIR (serve another widget folder, no build), --reset (restore the seed), --no-watch.
const fs = require('fs');
const path = require('path');
const { createSandbox } = require('./server');

const ROOT = path.resolve(__dirname, '..');
const WATCHED = ['src', 'i18n', 'images', 'manifest.json'];
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const USAGE = `npm start [-- --widget DIR] [--reset] [--no-watch]
  --widget DIR  serve another widget folder as it is (no build, no watch)
  --reset       restore the seed data (sandbox/data/state.json)
  --no-watch    build once, do not rebuild on changes
  PORT=8791     the port (127.0.0.1 only)`;

async function main() {
  if (flag('--help') || flag('-h')) return void process.stdout.write(`${USAGE}\n`);
  const foreign = value('--widget');
  const widgetDir = foreign ? path.resolve(foreign) : path.join(ROOT, 'widget');
  const watchers = [];
  let sandbox = null;
  let timer = null;
  if (!foreign) {
    const { build } = require('../scripts/build');
    const next = path.join(ROOT, '.tmp', 'widget-next');
    const rebuild = async () => {
      const started = Date.now();
      try {
        // Built aside and swapped in, so a failed build keeps the last good widget on the page.
        await build({ dev: true, outDir: next, validate: false });
        fs.rmSync(widgetDir, { recursive: true, force: true });
        fs.renameSync(next, widgetDir);
        process.stdout.write(`widget built in ${Date.now() - started} ms\n`);
        // Open tabs reload themselves and come back to the same screen.
        if (sandbox) sandbox.notify({ type: 'widget-rebuilt' });
      } catch (error) {
        process.stdout.write(`build failed: ${error.message}\n`);
      }
    };
    await rebuild();
    if (!flag('--no-watch')) {
      let running = Promise.resolve();
      const schedule = (_event, file) => {
        // Tests and editors' scratch files do not change the bundle.
        if (file && /(\.test\.[jt]sx?|~|\.swp|\.tmp)$/.test(String(file))) return;
        clearTimeout(timer);
        timer = setTimeout(() => (running = running.then(rebuild)), 300);
      };
      for (const target of WATCHED) {
        const full = path.join(ROOT, target);
        if (fs.existsSync(full))
          watchers.push(fs.watch(full, { recursive: fs.statSync(full).isDirectory() }, schedule));
      }
    }
  } else if (!fs.existsSync(path.join(widgetDir, 'manifest.json'))) {
    throw new Error(`${widgetDir} has no manifest.json`);
  }
  const port = Number(process.env.PORT || 8791);
  sandbox = await createSandbox({
    widgetDir,
    port,
    dataFile: path.join(__dirname, 'data/state.json'),
    reset: flag('--reset'),
    logFailures: true,
  });
  const files = path.relative(process.cwd(), widgetDir) || '.';
  process.stdout.write(
    `Sandbox: ${sandbox.url}\n  widget code ${sandbox.widgetCode} (try ${sandbox.url}?code=other_code), files from ${files}${watchers.length ? ', rebuilt on change' : ''}\n  Ctrl+C stops\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(timer);
    watchers.forEach((w) => w.close());
    sandbox.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
