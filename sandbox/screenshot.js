// `node sandbox/screenshot.js [FILE]`: the README's picture of the sandbox with the built widget (run the build first).
const path = require('path');
const { launchChromium } = require('../scripts/chromium');
const { createSandbox } = require('./server');

async function main(file = path.resolve(__dirname, '../docs/sandbox.png')) {
  const sandbox = await createSandbox({ reset: true });
  // Quick tags as an admin would save them in the settings page.
  await sandbox.control.saveSettings({
    fields: { custom: JSON.stringify({ version: 1, panel: { quickTags: ['Срочно', 'Перезвонить', 'VIP'] } }) },
    active: true,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${sandbox.url}?lang=en&view=none`);
    if (!(await page.evaluate(() => globalThis.__sandbox.ready)))
      throw new Error('the sandbox could not load widget/');
    await page.evaluate(() => globalThis.__sandbox.openLead(1001));
    await page.locator('.lqa-panel[data-state="ready"]').waitFor();
    // One quick action, so the picture shows the card's own fields going stale next to the widget...
    const budget = page.getByRole('textbox', { name: 'Budget', exact: true });
    await budget.fill(String(Number(await budget.inputValue()) + 50000));
    await budget.press('Enter');
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    // ...and a move into a stage whose required field is empty on this deal: the panel asks for it in place.
    await page.getByRole('button', { name: 'Next stage', exact: true }).click();
    const field = page.locator('.lqa-step input, .lqa-step textarea').first();
    await field.waitFor();
    await field.fill('Поставка 40 станков до конца квартала');
    await page.screenshot({ path: file });
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  } finally {
    await browser.close();
    await sandbox.close();
  }
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
