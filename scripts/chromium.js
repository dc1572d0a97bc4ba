// Finds a Chromium without manual steps: CHROME_PATH, else a system Chromium/Chrome, else the build shipped
// inside the npm package @sparticuz/chromium (no download at run time). Used by the e2e tests and the bench.
const fs = require('fs');

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const LAUNCH_ARGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-gpu', '--no-sandbox', '--disable-dev-shm-usage'];

async function findChromium() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  if (process.env.E2E_NO_SYSTEM_CHROME !== '1') {
    const found = SYSTEM_BROWSERS.find((p) => fs.existsSync(p));
    if (found) return found;
  }
  const sparticuz = require('@sparticuz/chromium');
  return (sparticuz.default ?? sparticuz).executablePath();
}

async function launchChromium(extraArgs = []) {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: await findChromium(), headless: true, args: [...LAUNCH_ARGS, ...extraArgs] });
}

module.exports = { findChromium, launchChromium };
