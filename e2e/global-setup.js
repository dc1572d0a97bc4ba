// Builds the real widget once before the browser tests, so they always exercise the current artifact.
const path = require('path');

module.exports = async function globalSetup() {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const { build } = require(path.resolve(__dirname, '../scripts/build.js'));
  await build({ zipPath: path.resolve(__dirname, '../widget.zip') });
};
