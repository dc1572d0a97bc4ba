// `npm run validate [DIR] [--zip FILE]`: checks a built widget folder and its zip against PLATFORM.md.
// Each failure is one line "<file>: <rule>: <what is wrong>"; the exit code is non-zero when any is found.
const fs = require('fs');
const path = require('path');
const AdmZip = require('adm-zip');

const REQUIRED_IMAGES = {
  'logo.png': [130, 100],
  'logo_main.png': [400, 272],
  'logo_medium.png': [240, 84],
  'logo_min.png': [84, 84],
  'logo_small.png': [108, 108],
};
const DIGITAL_PIPELINE_IMAGE = { 'logo_dp.png': [174, 109] };
const MAX_IMAGE_BYTES = 300 * 1024;
const KNOWN_LOCATIONS = new Set([
  'lcard-0', 'lcard-1', 'ccard-0', 'ccard-1', 'comcard-0', 'comcard-1', 'cucard-0', 'cucard-1',
  'llist-0', 'llist-1', 'clist-0', 'clist-1', 'culist-0', 'culist-1', 'tlist-0', 'tlist-1',
  'settings', 'advanced_settings', 'digital_pipeline', 'lead_sources', 'card_sdk', 'catalogs', 'everywhere',
  'mobile_card', 'widget_page', 'sms', 'salesbot_designer',
]);
const SETTING_TYPES = new Set(['text', 'pass', 'users', 'users_lp', 'custom']);
const FORBIDDEN_CODE = [
  [/\beval\s*\(/, 'no eval'],
  [/\bnew\s+Function\s*\(/, 'no new Function (eval in disguise)'],
  [/(^|[^.\w$])alert\s*\(|\bwindow\.alert\s*\(/, 'no alert'],
  [/(^|[^.\w$])confirm\s*\(|\bwindow\.confirm\s*\(/, 'no confirm'],
  [/\bconsole\.log\s*\(/, 'no console.log'],
  [/createElement\(\s*["'`]script["'`]\s*\)/, "no document.createElement('script')"],
  [/\bimportScripts\s*\(|\bimport\s*\(/, 'no lazily loaded chunks'],
];
const MAX_LINE = 1000;
// The widget's code: script.js (what amoCRM loads) and the modules script.js requires through RequireJS when they
// are about to be needed — move-step.js (a stage move's step: loss reason, required fields) and settings.js (the
// settings modal). Nothing else may be JavaScript.
const LOADED_MODULES = ['move-step.js', 'settings.js'];
const AMD_MODULES = ['script.js', ...LOADED_MODULES];
// move-step.js draws inside the panel's Preact tree, so it must use script.js's Preact (a factory given it), never a
// copy: Preact's public `options.debounceRendering` survives any build of it.
const SHARES_SCRIPT_PREACT = ['move-step.js'];
const PREACT_MARK = /\bdebounceRendering\b/;

const withoutStrings = (line) => line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');

function fail(failures, file, rule, message) {
  failures.push({ file, rule, message });
}

function readJson(failures, dir, rel) {
  const full = path.join(dir, rel);
  if (!fs.existsSync(full)) {
    fail(failures, rel, 'required file', 'is missing');
    return null;
  }
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    fail(failures, rel, 'valid JSON', error.message);
    return null;
  }
}

function flattenKeys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? flattenKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function lookup(obj, key) {
  return key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), obj);
}

function listFiles(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

function pngInfo(buffer) {
  const signature = '89504e470d0a1a0a';
  if (buffer.length < 33 || buffer.subarray(0, 8).toString('hex') !== signature) return null;
  let animated = false;
  for (let offset = 8; offset + 8 <= buffer.length; ) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    if (type === 'acTL') animated = true;
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20), animated };
}

function checkTextFile(failures, rel, buffer) {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) fail(failures, rel, 'UTF-8 without BOM', 'starts with a byte order mark');
  const text = buffer.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(buffer) !== 0) fail(failures, rel, 'UTF-8', 'is not valid UTF-8');
  if (text.includes('\r')) fail(failures, rel, 'LF line endings', 'contains CR (\\r) characters');
}

/** Top-level selectors of a stylesheet, with @media/@supports bodies opened and @keyframes/@font-face skipped. */
function cssSelectors(css) {
  const selectors = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const walk = (body) => {
    let i = 0;
    while (i < body.length) {
      const open = body.indexOf('{', i);
      if (open < 0) break;
      const prelude = body.slice(i, open).trim();
      let depth = 1;
      let j = open + 1;
      while (j < body.length && depth > 0) {
        if (body[j] === '{') depth++;
        else if (body[j] === '}') depth--;
        j++;
      }
      const inner = body.slice(open + 1, j - 1);
      if (/^@(media|supports|container|layer)\b/.test(prelude)) walk(inner);
      else if (!prelude.startsWith('@')) selectors.push(...prelude.split(',').map((s) => s.trim()).filter(Boolean));
      i = j;
    }
  };
  walk(text);
  return selectors;
}

/** One anonymous define, nothing before it, no forbidden call, no minified line, no source map. */
function validateAmdModule(failures, file, code) {
  // define([deps], factory) or define(factory): anything but a module name (a string) as the first argument.
  if (!/^\s*define\(\s*(\[|function\b|\(|[\w$]+\s*=>)/.test(code)) fail(failures, file, 'anonymous define', 'must start with define([...], factory) or define(factory) — no module name, nothing before it');
  const defines = code.match(/(^|[^.\w$])define\(/g) || [];
  if (defines.length !== 1) fail(failures, file, 'one AMD module', `has ${defines.length} define( calls`);
  for (const [pattern, rule] of FORBIDDEN_CODE) {
    const match = code.match(pattern);
    if (match) {
      const line = code.slice(0, match.index).split('\n').length;
      fail(failures, file, rule, `line ${line}: ${match[0].trim()}`);
    }
  }
  // A long line of code (not a long string literal such as a snippet template) means minified code.
  const lines = code.split('\n');
  const long = lines.findIndex((l) => l.length > MAX_LINE && withoutStrings(l).length > MAX_LINE);
  if (long >= 0) fail(failures, file, 'readable code', `line ${long + 1} is ${lines[long].length} characters long (minified code is refused by the manual review)`);
  if (/sourceMappingURL/.test(code)) fail(failures, file, 'no source maps', 'references a source map');
}

function validateManifest(failures, dir, manifest) {
  const w = manifest.widget;
  if (!w || typeof w !== 'object') {
    fail(failures, 'manifest.json', 'required field', '"widget" object is missing');
    return null;
  }
  for (const key of ['name', 'description', 'short_description']) {
    if (typeof w[key] !== 'string' || !w[key]) fail(failures, 'manifest.json', 'required field', `widget.${key} is missing`);
  }
  if (typeof w.version !== 'string' || !/^\d+\.\d+\.\d+/.test(w.version)) fail(failures, 'manifest.json', 'required field', 'widget.version must be a version string like "1.0.0"');
  if (w.interface_version !== 2) fail(failures, 'manifest.json', 'required field', 'widget.interface_version must be 2');
  if (typeof w.init_once !== 'boolean') fail(failures, 'manifest.json', 'required field', 'widget.init_once must be a boolean');
  if (w.installation !== true) fail(failures, 'manifest.json', 'required field', 'widget.installation must be true');
  if (!Array.isArray(w.locale) || w.locale.length === 0) fail(failures, 'manifest.json', 'required field', 'widget.locale must list the locales');
  const support = w.support || {};
  if (typeof support.link !== 'string' || !/^https:\/\//.test(support.link)) fail(failures, 'manifest.json', 'required field', 'widget.support.link must be an https URL');
  if (typeof support.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(support.email)) fail(failures, 'manifest.json', 'required field', 'widget.support.email must be an e-mail address');
  if (!Array.isArray(manifest.locations) || manifest.locations.length === 0) {
    fail(failures, 'manifest.json', 'required field', '"locations" must be a non-empty array');
  } else {
    for (const loc of manifest.locations) if (!KNOWN_LOCATIONS.has(loc)) fail(failures, 'manifest.json', 'known location', `unknown location "${loc}"`);
  }
  if (manifest.locations?.includes('advanced_settings') && !manifest.advanced?.title) fail(failures, 'manifest.json', 'required field', 'advanced_settings needs advanced.title');
  if (!manifest.tour || typeof manifest.tour.is_tour !== 'boolean') fail(failures, 'manifest.json', 'required field', '"tour" block with is_tour is missing');
  const settings = manifest.settings || {};
  let customCount = 0;
  for (const [code, field] of Object.entries(settings)) {
    if (!field || typeof field !== 'object' || !SETTING_TYPES.has(field.type)) fail(failures, 'manifest.json', 'settings field', `settings.${code}.type must be one of ${[...SETTING_TYPES].join(', ')}`);
    if (field && field.type === 'custom') customCount++;
  }
  if (customCount > 1) fail(failures, 'manifest.json', 'settings field', 'at most one "custom" field is allowed');
  return w;
}

function i18nKeysReferenced(manifest) {
  const w = manifest.widget || {};
  const keys = ['name', 'description', 'short_description'].map((k) => w[k]).filter((k) => typeof k === 'string');
  if (manifest.tour && typeof manifest.tour.tour_description === 'string') keys.push(manifest.tour.tour_description);
  for (const field of Object.values(manifest.settings || {})) if (field && typeof field.name === 'string') keys.push(field.name);
  if (manifest.advanced && typeof manifest.advanced.title === 'string') keys.push(manifest.advanced.title);
  return keys;
}

function validateFolder(dir) {
  const failures = [];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    fail(failures, dir, 'build folder', 'does not exist — run npm run build');
    return failures;
  }
  const files = listFiles(dir);
  for (const rel of files.filter((f) => /\.(json|js|css|twig|txt|md|html)$/.test(f))) checkTextFile(failures, rel, fs.readFileSync(path.join(dir, rel)));

  const manifest = readJson(failures, dir, 'manifest.json');
  const widget = manifest ? validateManifest(failures, dir, manifest) : null;
  const locales = widget && Array.isArray(widget.locale) ? widget.locale : [];

  // Locale files: one per manifest locale, identical keys, every referenced key present, en.json free of Russian.
  const localeFiles = files.filter((f) => f.startsWith('i18n/'));
  for (const f of localeFiles) {
    const code = f.slice(5).replace(/\.json$/, '');
    if (!f.endsWith('.json') || !locales.includes(code)) fail(failures, f, 'locale files = manifest locales', `is not a locale listed in manifest.json widget.locale`);
  }
  const parsed = {};
  for (const code of locales) {
    const data = readJson(failures, dir, `i18n/${code}.json`);
    if (data) parsed[code] = data;
  }
  const keySets = Object.fromEntries(Object.entries(parsed).map(([code, data]) => [code, new Set(flattenKeys(data))]));
  const allKeys = new Set(Object.values(keySets).flatMap((s) => [...s]));
  for (const [code, set] of Object.entries(keySets)) {
    const missing = [...allKeys].filter((k) => !set.has(k));
    if (missing.length) fail(failures, `i18n/${code}.json`, 'identical locale keys', `lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  }
  if (manifest) {
    for (const key of i18nKeysReferenced(manifest)) {
      for (const [code, data] of Object.entries(parsed)) {
        if (typeof lookup(data, key) !== 'string') fail(failures, `i18n/${code}.json`, 'manifest i18n keys exist', `has no string for "${key}" referenced by manifest.json`);
      }
    }
  }
  if (parsed.en) {
    const text = JSON.stringify(parsed.en);
    if (/[\u0400-\u04FF]/.test(text)) fail(failures, 'i18n/en.json', 'English without Cyrillic', 'contains Cyrillic text');
    if (/https?:\/\/[^"\s]*\.ru\b/.test(text)) fail(failures, 'i18n/en.json', 'English without .ru links', 'contains a .ru link');
  }

  // Images.
  const images = { ...REQUIRED_IMAGES, ...(manifest?.locations?.includes('digital_pipeline') ? DIGITAL_PIPELINE_IMAGE : {}) };
  for (const [name, [width, height]] of Object.entries(images)) {
    const rel = `images/${name}`;
    if (!files.includes(rel)) {
      fail(failures, rel, 'required image', 'is missing');
      continue;
    }
    const buffer = fs.readFileSync(path.join(dir, rel));
    const info = pngInfo(buffer);
    if (!info) fail(failures, rel, 'PNG image', 'is not a PNG file');
    else {
      if (info.width !== width || info.height !== height) fail(failures, rel, 'exact image size', `is ${info.width}×${info.height}, must be ${width}×${height}`);
      if (info.animated) fail(failures, rel, 'not animated', 'is an animated PNG');
    }
    if (buffer.length > MAX_IMAGE_BYTES) fail(failures, rel, 'image ≤ 300 KB', `is ${Math.round(buffer.length / 1024)} KB`);
  }

  // Stray files: exactly the archive the platform expects.
  const allowed = new Set(['manifest.json', ...AMD_MODULES, 'style.css', ...locales.map((c) => `i18n/${c}.json`), ...Object.keys(images).map((n) => `images/${n}`)]);
  for (const rel of files) {
    if (allowed.has(rel) || rel.startsWith('i18n/')) continue;
    if (rel.endsWith('.js')) fail(failures, rel, 'no stray files', `is JavaScript outside ${AMD_MODULES.slice(0, -1).join(', ')} and ${AMD_MODULES.at(-1)}: the widget's code ships as exactly these AMD modules (no chunks, no loaders)`);
    else fail(failures, rel, 'no stray files', 'is not part of the widget archive (maps, html, licences and unused files must not ship)');
  }

  // script.js and settings.js: each one anonymous AMD module, moderation's forbidden calls, readable.
  const code = {};
  for (const file of AMD_MODULES) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) fail(failures, file, 'required file', 'is missing');
    else {
      code[file] = fs.readFileSync(full, 'utf8');
      validateAmdModule(failures, file, code[file]);
    }
  }
  // A module is only worth shipping when script.js requires it, by a relative id WITH .js (PLATFORM.md §4a:
  // without it RequireJS asks for a URL without .js, a 404).
  for (const file of LOADED_MODULES) {
    const named = new RegExp(`["'\`]\\./${file.replace(/[.-]/g, '\\$&')}[?"'\`]`);
    if (code['script.js'] !== undefined && code[file] !== undefined && !named.test(code['script.js'])) {
      fail(failures, 'script.js', `loads ./${file}`, `never names "./${file}" (with .js), so ${file} would be an unused file or a 404`);
    }
  }
  for (const file of SHARES_SCRIPT_PREACT) {
    if (code[file] !== undefined && PREACT_MARK.test(code[file])) {
      fail(failures, file, "uses script.js's Preact", 'bundles a copy of Preact: its components would not render in the panel\'s tree');
    }
  }

  // style.css: every rule scoped under the widget's own root class.
  const cssPath = path.join(dir, 'style.css');
  if (fs.existsSync(cssPath)) {
    const unscoped = cssSelectors(fs.readFileSync(cssPath, 'utf8')).filter(
      (s) => !/^(\[data-color-scheme(=["']?\w+["']?)?\]\s+|html\[data-color-scheme(=["']?\w+["']?)?\]\s+)?\.lqa\b/.test(s),
    );
    if (unscoped.length) fail(failures, 'style.css', 'scoped CSS', `selectors outside .lqa: ${unscoped.slice(0, 3).join(' | ')}`);
  }
  return failures;
}

function validateZip(failures, dir, zipPath) {
  if (!fs.existsSync(zipPath)) {
    fail(failures, path.basename(zipPath), 'archive', 'is missing');
    return;
  }
  let entries;
  try {
    entries = new AdmZip(zipPath).getEntries();
  } catch (error) {
    fail(failures, path.basename(zipPath), 'archive', `cannot be read: ${error.message}`);
    return;
  }
  const names = entries.filter((e) => !e.isDirectory).map((e) => e.entryName);
  if (!names.includes('manifest.json')) {
    const nested = names.find((n) => n.endsWith('/manifest.json'));
    fail(failures, path.basename(zipPath), 'zip root layout', nested ? `manifest.json sits in "${nested.slice(0, -'manifest.json'.length)}" — files must be at the archive root` : 'has no manifest.json at its root');
  }
  const expected = listFiles(dir);
  const missing = expected.filter((f) => !names.includes(f));
  const extra = names.filter((n) => !expected.includes(n));
  if (missing.length) fail(failures, path.basename(zipPath), 'zip matches the build folder', `lacks ${missing.slice(0, 5).join(', ')}`);
  if (extra.length) fail(failures, path.basename(zipPath), 'zip matches the build folder', `has extra ${extra.slice(0, 5).join(', ')}`);
  for (const entry of entries) {
    if (entry.isDirectory || !expected.includes(entry.entryName)) continue;
    if (!entry.getData().equals(fs.readFileSync(path.join(dir, entry.entryName)))) fail(failures, `${path.basename(zipPath)}:${entry.entryName}`, 'zip matches the build folder', 'differs from the built file');
  }
}

function validateWidget(dir, zipPath) {
  const failures = validateFolder(dir);
  if (zipPath) validateZip(failures, dir, zipPath);
  return failures;
}

function formatFailures(failures) {
  return failures.map((f) => `${f.file}: ${f.rule}: ${f.message}`).join('\n');
}

module.exports = { validateWidget, formatFailures, cssSelectors, pngInfo, REQUIRED_IMAGES };

if (require.main === module) {
  const args = process.argv.slice(2);
  const zipIndex = args.indexOf('--zip');
  const zipPath = zipIndex >= 0 ? args[zipIndex + 1] : undefined;
  const dir = args.find((a, i) => !a.startsWith('--') && (zipIndex < 0 || i !== zipIndex + 1)) || 'widget';
  const zip = zipPath || (fs.existsSync(path.join(path.dirname(path.resolve(dir)), 'widget.zip')) && path.basename(dir) === 'widget' ? path.join(path.dirname(path.resolve(dir)), 'widget.zip') : undefined);
  const failures = validateWidget(dir, zip);
  if (failures.length) {
    process.stderr.write(`${formatFailures(failures)}\n${failures.length} problem(s) found\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${dir}${zip ? ` and ${path.relative(process.cwd(), zip)}` : ''}: valid\n`);
  }
}
