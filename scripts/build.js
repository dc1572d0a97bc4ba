// `npm run build`: widget/ (exactly the archive root) + widget.zip, then validation.
// Flags: --dev (fast, unminified, no zip), --out DIR, --zip FILE, --no-validate.
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const { minify } = require('terser');
const { packFolder, listFiles } = require('./pack');
const { validateWidget, formatFailures } = require('./validate');

const root = path.resolve(__dirname, '..');

function argValue(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

function runWebpack(config) {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString('errors-only')));
      resolve(stats);
    });
  });
}

// Readable for the marketplace's manual review: every name kept, one statement or property per line, comments
// and dead code dropped. Names are what a reviewer cannot get back; indentation is: any formatter (the browser's
// pretty-print, Prettier) restores it from the line structure, so it is left out — it cost 1.3 KB gzip of
// script.js's 22 KB budget (npm run bench reports the figure). Statements stay separate (`sequences: false`):
// terser's comma-joined statements read like minified code and save nothing after gzip.
async function readableMinify(code) {
  const result = await minify(code, {
    ecma: 2020,
    mangle: false,
    compress: {
      passes: 2,
      pure_getters: true,
      unsafe_arrows: false,
      keep_fnames: true,
      keep_classnames: true,
      sequences: false,
    },
    format: { beautify: true, indent_level: 0, comments: false, ascii_only: false },
  });
  return result.code;
}

/** Every src/**\/*.css, shared tokens (src/ui) first, the rest in path order: one style.css. */
function collectCss() {
  const srcDir = path.join(root, 'src');
  const files = listFiles(srcDir)
    .filter((f) => f.endsWith('.css'))
    .sort((a, b) => (a.startsWith('ui/') === b.startsWith('ui/') ? (a < b ? -1 : 1) : a.startsWith('ui/') ? -1 : 1));
  return files.map((f) => `/* ${f} */\n${fs.readFileSync(path.join(srcDir, f), 'utf8').trim()}\n`).join('\n');
}

/**
 * webpack emits each module as an ES module ending in `export { name as default };`; the archive needs ONE anonymous
 * define per file (PLATFORM.md §4). Its factory runs the bundle in strict mode, as webpack's own wrapper did, and
 * returns the default export — or, for a module with define deps (script.js: the host's jQuery and RequireJS's
 * local require), what the default export returns when called with them.
 */
function toAmd(code, filename, amdDeps = []) {
  const exportLine = /^export \{ ([\w$]+) as default \};[ \t]*$/m;
  const match = exportLine.exec(code);
  const body = match ? code.slice(0, match.index) + code.slice(match.index + match[0].length) : code;
  if (!match || /^\s*(export|import)\b/m.test(body)) {
    throw new Error(`${filename}: expected an ES module whose only export is \`export { x as default };\``);
  }
  const params = amdDeps.map((dep) => dep.replace(/\W/g, '_'));
  const value = amdDeps.length ? `${match[1]}(${params.join(', ')})` : match[1];
  const deps = amdDeps.length ? `${JSON.stringify(amdDeps)}, ` : '';
  return `define(${deps}(${params.join(', ')}) => {\n"use strict";\n${body.trim()}\nreturn ${value};\n});\n`;
}

function toLf(text) {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

async function build({ dev = false, outDir = path.join(root, 'widget'), zipPath, validate = true } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const webpackConfig = require(path.join(root, 'webpack.config.js'));
  await runWebpack(webpackConfig({ dev, outDir }));
  // Every AMD module goes through the same define wrapper and readable minification.
  for (const { filename, amdDeps } of webpackConfig.MODULES) {
    const file = path.join(outDir, filename);
    let code = toAmd(fs.readFileSync(file, 'utf8'), filename, amdDeps);
    if (!dev) code = await readableMinify(code);
    fs.writeFileSync(file, toLf(code).trimEnd() + '\n');
  }

  fs.writeFileSync(path.join(outDir, 'style.css'), toLf(collectCss()));

  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
  manifest.widget.version = pkg.version;
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  fs.mkdirSync(path.join(outDir, 'i18n'));
  for (const locale of manifest.widget.locale) {
    const text = fs.readFileSync(path.join(root, 'i18n', `${locale}.json`), 'utf8');
    fs.writeFileSync(path.join(outDir, 'i18n', `${locale}.json`), toLf(text));
  }

  fs.mkdirSync(path.join(outDir, 'images'));
  for (const file of fs.readdirSync(path.join(root, 'images')).filter((f) => f.endsWith('.png')).sort()) {
    fs.copyFileSync(path.join(root, 'images', file), path.join(outDir, 'images', file));
  }

  if (zipPath) packFolder(outDir, zipPath);
  if (validate) {
    const failures = validateWidget(outDir, zipPath);
    if (failures.length) {
      const error = new Error(`widget validation failed:\n${formatFailures(failures)}`);
      error.failures = failures;
      throw error;
    }
  }
  return { outDir, zipPath };
}

module.exports = { build };

if (require.main === module) {
  const args = process.argv.slice(2);
  const dev = args.includes('--dev');
  const outDir = path.resolve(argValue(args, '--out', path.join(root, 'widget')));
  const zipPath = dev && !args.includes('--zip') ? undefined : path.resolve(argValue(args, '--zip', path.join(root, 'widget.zip')));
  const started = Date.now();
  build({ dev, outDir, zipPath, validate: !args.includes('--no-validate') }).then(
    ({ zipPath: zip }) => {
      const rel = (p) => path.relative(process.cwd(), p) || '.';
      process.stdout.write(`built ${rel(outDir)}/${zip ? ` and ${rel(zip)}` : ''} in ${Date.now() - started} ms; validation passed\n`);
    },
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
