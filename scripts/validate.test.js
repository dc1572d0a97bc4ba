/**
 * @jest-environment node
 */
// Feeds validate the real built archive, then one broken copy per rule, and checks each failure names
// the file and the rule in one line.
const fs = require('fs');
const os = require('os');
const path = require('path');
const AdmZip = require('adm-zip');
const { PNG } = require('pngjs');
const { build } = require('./build');
const { packFolder } = require('./pack');
const { validateWidget, formatFailures } = require('./validate');

let work;
let realDir;
let realZip;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lqa-validate-'));
  realDir = path.join(work, 'widget');
  realZip = path.join(work, 'widget.zip');
  await build({ outDir: realDir, zipPath: realZip });
}, 120000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let copies = 0;
/** A copy of the real build, changed by `mutate`, packed again unless the mutation packs it itself. */
function broken(mutate, { repack = true } = {}) {
  const dir = path.join(work, `case${++copies}`, 'widget');
  fs.cpSync(realDir, dir, { recursive: true });
  const zip = path.join(path.dirname(dir), 'widget.zip');
  mutate(dir, zip);
  if (repack) packFolder(dir, zip);
  return validateWidget(dir, zip);
}

const editJson = (dir, rel, change) => {
  const file = path.join(dir, rel);
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(data);
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
};

const editText = (dir, rel, change) => {
  const file = path.join(dir, rel);
  fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
};

const png = (width, height) => {
  const image = new PNG({ width, height });
  return PNG.sync.write(image);
};

test('the real build passes, and its zip holds exactly the folder at its root', () => {
  expect(formatFailures(validateWidget(realDir, realZip))).toBe('');
  const names = new AdmZip(realZip).getEntries().map((e) => e.entryName).sort();
  expect(names).toEqual([
    'i18n/en.json', 'i18n/es.json', 'i18n/pt.json', 'i18n/ru.json',
    'images/logo.png', 'images/logo_main.png', 'images/logo_medium.png', 'images/logo_min.png', 'images/logo_small.png',
    'manifest.json', 'move-step.js', 'script.js', 'settings.js', 'style.css',
  ]);
});

test('the archive is byte-for-byte reproducible', async () => {
  const again = path.join(work, 'again');
  await build({ outDir: path.join(again, 'widget'), zipPath: path.join(again, 'widget.zip') });
  expect(fs.readFileSync(path.join(again, 'widget.zip')).equals(fs.readFileSync(realZip))).toBe(true);
}, 120000);

test('the manifest version comes from package.json', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(realDir, 'manifest.json'), 'utf8'));
  expect(manifest.widget.version).toBe(require('../package.json').version);
});

const cases = [
  ['manifest.json', 'valid JSON', (d) => editText(d, 'manifest.json', (t) => t.replace('{', '{,'))],
  ['manifest.json', 'required field', (d) => editJson(d, 'manifest.json', (m) => delete m.widget.support)],
  ['manifest.json', 'required field', (d) => editJson(d, 'manifest.json', (m) => (m.widget.interface_version = 1))],
  ['manifest.json', 'required field', (d) => editJson(d, 'manifest.json', (m) => delete m.tour)],
  ['manifest.json', 'known location', (d) => editJson(d, 'manifest.json', (m) => m.locations.push('lead_card'))],
  ['manifest.json', 'settings field', (d) => editJson(d, 'manifest.json', (m) => (m.settings.second = { name: 'settings.custom', type: 'custom' }))],
  ['i18n/es.json', 'required file', (d) => fs.rmSync(path.join(d, 'i18n/es.json'))],
  ['i18n/tr.json', 'locale files = manifest locales', (d) => fs.copyFileSync(path.join(d, 'i18n/en.json'), path.join(d, 'i18n/tr.json'))],
  ['i18n/pt.json', 'identical locale keys', (d) => editJson(d, 'i18n/pt.json', (l) => delete l.host)],
  ['i18n/en.json', 'manifest i18n keys exist', (d) => editJson(d, 'manifest.json', (m) => (m.widget.name = 'widget.title'))],
  ['i18n/en.json', 'English without Cyrillic', (d) => editJson(d, 'i18n/en.json', (l) => (l.widget.name = 'Виджет'))],
  ['i18n/en.json', 'English without .ru links', (d) => editJson(d, 'i18n/en.json', (l) => (l.widget.description = 'See https://www.amocrm.ru/help'))],
  ['images/logo_min.png', 'required image', (d) => fs.rmSync(path.join(d, 'images/logo_min.png'))],
  ['images/logo_small.png', 'exact image size', (d) => fs.writeFileSync(path.join(d, 'images/logo_small.png'), png(100, 100))],
  ['images/logo.png', 'PNG image', (d) => fs.writeFileSync(path.join(d, 'images/logo.png'), 'GIF89a not a png')],
  ['images/logo_main.png', 'image ≤ 300 KB', (d) => fs.appendFileSync(path.join(d, 'images/logo_main.png'), Buffer.alloc(310 * 1024))],
  ['i18n/ru.json', 'UTF-8 without BOM', (d) => editText(d, 'i18n/ru.json', (t) => '\uFEFF' + t)],
  ['i18n/en.json', 'LF line endings', (d) => editText(d, 'i18n/en.json', (t) => t.replace(/\n/g, '\r\n'))],
  ['script.js.map', 'no stray files', (d) => fs.writeFileSync(path.join(d, 'script.js.map'), '{}')],
  ['index.html', 'no stray files', (d) => fs.writeFileSync(path.join(d, 'index.html'), '<p></p>')],
  ['script.js.LICENSE.txt', 'no stray files', (d) => fs.writeFileSync(path.join(d, 'script.js.LICENSE.txt'), 'MIT')],
  ['script.js', 'anonymous define', (d) => editText(d, 'script.js', (t) => t.replace(/^define\(/, 'define("lead-quick-actions", '))],
  ['script.js', 'no eval', (d) => editText(d, 'script.js', (t) => t + 'eval("1");\n')],
  ['script.js', 'no alert', (d) => editText(d, 'script.js', (t) => t + 'alert("hi");\n')],
  ['script.js', 'no confirm', (d) => editText(d, 'script.js', (t) => t + 'window.confirm("sure?");\n')],
  ['script.js', 'no console.log', (d) => editText(d, 'script.js', (t) => t + 'console.log("debug");\n')],
  ['script.js', "no document.createElement('script')", (d) => editText(d, 'script.js', (t) => t + 'document.createElement("script");\n')],
  ['script.js', 'readable code', (d) => editText(d, 'script.js', (t) => t + 'var x=' + '1+'.repeat(800) + '1;\n')],
  ['style.css', 'scoped CSS', (d) => editText(d, 'style.css', (t) => t + '\nbody { margin: 0 }\n')],
  // settings.js, the second AMD module: required, held to every rule script.js is held to, and actually loaded.
  ['settings.js', 'required file', (d) => fs.rmSync(path.join(d, 'settings.js'))],
  ['settings.js', 'anonymous define', (d) => editText(d, 'settings.js', (t) => t.replace(/^define\(/, 'define("lqa-settings", '))],
  ['settings.js', 'one AMD module', (d) => editText(d, 'settings.js', (t) => t + 'define([], () => ({}));\n')],
  ['settings.js', 'no eval', (d) => editText(d, 'settings.js', (t) => t + 'eval("1");\n')],
  ['settings.js', 'no lazily loaded chunks', (d) => editText(d, 'settings.js', (t) => t + 'import("./chunk.js");\n')],
  ['settings.js', "no document.createElement('script')", (d) => editText(d, 'settings.js', (t) => t + 'document.createElement("script");\n')],
  ['settings.js', 'readable code', (d) => editText(d, 'settings.js', (t) => t + 'var x=' + '1+'.repeat(800) + '1;\n')],
  ['settings.js', 'no source maps', (d) => editText(d, 'settings.js', (t) => t + '//# sourceMappingURL=settings.js.map\n')],
  // move-step.js, the third: the same rules, actually loaded, and drawing with script.js's Preact (no copy of its own).
  ['move-step.js', 'required file', (d) => fs.rmSync(path.join(d, 'move-step.js'))],
  ['move-step.js', 'anonymous define', (d) => editText(d, 'move-step.js', (t) => t.replace(/^define\(/, 'define("lqa-move-step", '))],
  ['move-step.js', 'one AMD module', (d) => editText(d, 'move-step.js', (t) => t + 'define([], () => ({}));\n')],
  ['move-step.js', 'no eval', (d) => editText(d, 'move-step.js', (t) => t + 'eval("1");\n')],
  ['move-step.js', 'no lazily loaded chunks', (d) => editText(d, 'move-step.js', (t) => t + 'import("./chunk.js");\n')],
  ['move-step.js', 'readable code', (d) => editText(d, 'move-step.js', (t) => t + 'var x=' + '1+'.repeat(800) + '1;\n')],
  ['move-step.js', "uses script.js's Preact", (d) => editText(d, 'move-step.js', (t) => t + 'var options = { debounceRendering: null };\n')],
  ['extra.js', 'no stray files', (d) => fs.writeFileSync(path.join(d, 'extra.js'), 'define([], () => 1);\n')],
  ['chunks/42.js', 'no stray files', (d) => fs.mkdirSync(path.join(d, 'chunks')) || fs.writeFileSync(path.join(d, 'chunks/42.js'), '1;\n')],
  ['script.js', 'loads ./settings.js', (d) => editText(d, 'script.js', (t) => t.split('./settings.js').join('./settings'))],
  ['script.js', 'loads ./move-step.js', (d) => editText(d, 'script.js', (t) => t.split('./move-step.js').join('./move-step'))],
];

test.each(cases)('%s breaks "%s" and validate says so in one line', (file, rule, mutate) => {
  const failures = broken(mutate);
  const lines = formatFailures(failures).split('\n');
  expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+`)));
});

test('move-step.js and settings.js are the only JavaScript besides script.js, and each is one anonymous define', () => {
  for (const file of ['script.js', 'move-step.js', 'settings.js']) {
    expect(fs.readFileSync(path.join(realDir, file), 'utf8')).toMatch(/^define\((\[|\(\) =>)/);
  }
  expect(fs.readFileSync(path.join(realDir, 'script.js'), 'utf8')).toMatch(/^define\(\[ "jquery", "require" \]/);
  const js = fs.readdirSync(realDir, { recursive: true }).filter((f) => String(f).endsWith('.js'));
  expect(js.sort()).toEqual(['move-step.js', 'script.js', 'settings.js']);
  const stray = formatFailures(broken((d) => fs.writeFileSync(path.join(d, 'extra.js'), '1;\n')));
  expect(stray).toMatch(/^extra\.js: no stray files: is JavaScript outside script\.js, move-step\.js and settings\.js/m);
});

test('a zip with a parent folder is refused with the zip root rule', () => {
  const failures = broken(
    (dir, zip) => {
      const archive = new AdmZip();
      archive.addLocalFolder(dir, 'widget');
      archive.writeZip(zip);
    },
    { repack: false },
  );
  expect(formatFailures(failures)).toMatch(/^widget\.zip: zip root layout: manifest\.json sits in "widget\/"/m);
});

test('a zip that differs from the folder is refused', () => {
  const failures = broken(
    (dir, zip) => {
      packFolder(dir, zip);
      fs.writeFileSync(path.join(dir, 'style.css'), '.lqa { color: red }\n');
    },
    { repack: false },
  );
  expect(formatFailures(failures)).toMatch(/^widget\.zip:style\.css: zip matches the build folder: differs/m);
});

test('the command line exits non-zero and prints one line per failure', () => {
  const { spawnSync } = require('child_process');
  const dir = path.join(work, 'cli', 'widget');
  fs.cpSync(realDir, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'images/logo.png'));
  fs.writeFileSync(path.join(dir, 'notes.md'), 'x');
  const result = spawnSync(process.execPath, [path.join(__dirname, 'validate.js'), dir], { encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('images/logo.png: required image: is missing');
  expect(result.stderr).toContain('notes.md: no stray files:');
  const ok = spawnSync(process.execPath, [path.join(__dirname, 'validate.js'), realDir, '--zip', realZip], { encoding: 'utf8' });
  expect(ok.status).toBe(0);
});
