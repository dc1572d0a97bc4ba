// Writes a byte-for-byte reproducible zip of a folder: sorted entries, fixed timestamps and permissions,
// files at the archive ROOT (no parent folder — the most common upload error).
const fs = require('fs');
const path = require('path');
const AdmZip = require('adm-zip');

const FIXED_TIME = new Date(2020, 0, 1, 0, 0, 0);

function listFiles(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
    });
}

function packFolder(dir, zipPath) {
  const zip = new AdmZip();
  for (const rel of listFiles(dir)) {
    zip.addFile(rel, fs.readFileSync(path.join(dir, rel)), '', 0o644);
    zip.getEntry(rel).header.time = FIXED_TIME;
  }
  fs.writeFileSync(zipPath, zip.toBuffer());
  return zipPath;
}

module.exports = { packFolder, listFiles };

if (require.main === module) {
  const [dir = 'widget', out = 'widget.zip'] = process.argv.slice(2);
  packFolder(dir, out);
}
