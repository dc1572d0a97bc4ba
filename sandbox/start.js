// `npm start`: builds the widget (and rebuilds on change), serves it in the emulated amoCRM lead card.
// Flags: --widget DIR (serve another widget folder, no build), --reset (restore the seed), --no-watch.
const fs = require('fs');
const path = require('path');
const { createSandbox } = require('./server');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

async function main() {
  const foreign = value('--widget');
  const widgetDir = foreign ? path.resolve(foreign) : path.join(ROOT, 'widget');
  const watchers = [];
  if (!foreign) {
    const { build } = require('../scripts/build');
    const rebuild = async () => {
      const started = Date.now();
      try {
        await build({ dev: true, outDir: widgetDir, validate: false });
        process.stdout.write(`widget built in ${Date.now() - started} ms\n`);
      } catch (error) {
        process.stdout.write(`build failed: ${error.message}\n`);
      }
    };
    await rebuild();
    if (!flag('--no-watch')) {
      let timer = null;
      let running = Promise.resolve();
      const schedule = () => {
        clearTimeout(timer);
        timer = setTimeout(() => (running = running.then(rebuild)), 300);
      };
      for (const target of ['src', 'i18n', 'images', 'manifest.json']) {
        const full = path.join(ROOT, target);
        if (fs.existsSync(full)) watchers.push(fs.watch(full, { recursive: fs.statSync(full).isDirectory() }, schedule));
      }
    }
  } else if (!fs.existsSync(path.join(widgetDir, 'manifest.json'))) {
    throw new Error(`${widgetDir} has no manifest.json`);
  }
  const port = Number(process.env.PORT || 8791);
  const sandbox = await createSandbox({ widgetDir, port, dataFile: path.join(__dirname, 'data/state.json'), reset: flag('--reset') });
  process.stdout.write(`Sandbox: ${sandbox.url}  (widget code ${sandbox.widgetCode}, files from ${path.relative(process.cwd(), widgetDir) || '.'}; Ctrl+C stops)\n`);
  const stop = () => {
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
