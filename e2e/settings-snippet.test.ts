// The browser snippet the settings page generates, run in real Chromium next to a stub of the amoCRM pixel,
// served at the pixel's real address so the generated pixel tag loads it the way a site would.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { browserSnippet, pixelTag } from '../src/settings/snippets';

const UID = '5692210d-58d0-468c-acb2-dce7f93eef87';
const PIXEL_URL = 'https://piper.amocrm.ru/pixel/js/identifier/pixel_identifier.js';

// What the pixel does once loaded: publish itself, then call the onload registered before it.
const STUB_PIXEL = `
  window.AMOPIXEL_IDENTIFIER = { getVisitorUid: function () { return '${UID}'; } };
  var params = window.AMOPIXEL_IDENTIFIER_PARAMS;
  if (params && typeof params.onload === 'function') params.onload(window.AMOPIXEL_IDENTIFIER);
`;

const FORM =
  '<form id="lead"><input name="name"><input type="hidden" name="visitor_uid"><input type="hidden" name="uid_copy"></form>';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A page whose pixel requests get the stub; with `held`, only once `release()` is called. Page errors collected. */
async function sitePage(held = false) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let release = () => {};
  const gate = held ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  let pixelRequests = 0;
  await page.route(PIXEL_URL, async (route) => {
    pixelRequests += 1;
    await gate;
    await route.fulfill({ status: 200, contentType: 'application/javascript', body: STUB_PIXEL });
  });
  return { page, context, errors, release: () => release(), pixelRequests: () => pixelRequests };
}

const fieldValues = (page: Page) =>
  page
    .locator('input[type="hidden"]')
    .evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value]));

/**
 * Inserts markup so that its <script> elements run, as a tag manager adds a late part of a site: every script is
 * re-created through the DOM. (Whether scripts parsed by createContextualFragment run differs between Chromium
 * versions; this test is about our snippet, not about that.)
 */
const appendHtml = (page: Page, html: string) =>
  page.evaluate((markup) => {
    const holder = document.createElement('div');
    holder.innerHTML = markup;
    for (const node of Array.from(holder.childNodes)) {
      if (node instanceof HTMLScriptElement) {
        const script = document.createElement('script');
        for (const { name, value } of Array.from(node.attributes)) script.setAttribute(name, value);
        script.text = node.text;
        document.body.appendChild(script);
      } else document.body.appendChild(node);
    }
  }, html);

const snippet = browserSnippet(['visitor_uid', 'uid_copy']);

test('pixel loading AFTER the snippet: the onload registered first fills every configured field', async () => {
  const site = await sitePage(true);
  await site.page.setContent(
    `<html><head>${pixelTag('amocrm')}</head><body>${FORM}${snippet}</body></html>`,
    {
      waitUntil: 'domcontentloaded',
    },
  );
  // The snippet has run, the pixel has not: nothing to write yet, and the callback is waiting.
  expect(
    await site.page.evaluate(() => typeof (window as { AMOPIXEL_IDENTIFIER?: unknown }).AMOPIXEL_IDENTIFIER),
  ).toBe('undefined');
  expect(await fieldValues(site.page)).toEqual([
    ['visitor_uid', ''],
    ['uid_copy', ''],
  ]);
  site.release();
  await site.page.waitForFunction(
    () => (window as { AMOPIXEL_IDENTIFIER?: unknown }).AMOPIXEL_IDENTIFIER !== undefined,
  );
  expect(await fieldValues(site.page)).toEqual([
    ['visitor_uid', UID],
    ['uid_copy', UID],
  ]);
  expect(await site.page.inputValue('input[name="name"]')).toBe('');
  expect(site.pixelRequests()).toBe(1);
  expect(site.errors).toEqual([]);
  await site.context.close();
});

test('pixel loaded BEFORE the snippet: the snippet reads the id at once', async () => {
  const site = await sitePage();
  await site.page.setContent(`<html><head>${pixelTag('amocrm')}</head><body>${FORM}</body></html>`);
  await site.page.waitForFunction(
    () => (window as { AMOPIXEL_IDENTIFIER?: unknown }).AMOPIXEL_IDENTIFIER !== undefined,
  );
  expect(await fieldValues(site.page)).toEqual([
    ['visitor_uid', ''],
    ['uid_copy', ''],
  ]);
  await appendHtml(site.page, snippet);
  expect(await fieldValues(site.page)).toEqual([
    ['visitor_uid', UID],
    ['uid_copy', UID],
  ]);
  expect(site.errors).toEqual([]);
  await site.context.close();
});

test('both orders with the pixel inline, as a tag manager might place it', async () => {
  for (const order of ['snippet, then pixel', 'pixel, then snippet']) {
    const site = await sitePage();
    const pixel = `<script>${STUB_PIXEL}</script>`;
    const scripts = order === 'snippet, then pixel' ? snippet + pixel : pixel + snippet;
    await site.page.setContent(`<html><body>${FORM}${scripts}</body></html>`);
    expect({ order, values: await fieldValues(site.page) }).toEqual({
      order,
      values: [
        ['visitor_uid', UID],
        ['uid_copy', UID],
      ],
    });
    expect(site.errors).toEqual([]);
    await site.context.close();
  }
});

test('a form shown later (a pop-up) gets the id when the visitor types into it', async () => {
  const site = await sitePage();
  await site.page.setContent(`<html><head>${pixelTag('amocrm')}</head><body>${snippet}</body></html>`);
  await site.page.waitForFunction(
    () => (window as { AMOPIXEL_IDENTIFIER?: unknown }).AMOPIXEL_IDENTIFIER !== undefined,
  );
  await site.page.evaluate((form) => document.body.insertAdjacentHTML('beforeend', form), FORM);
  expect(await fieldValues(site.page)).toEqual([
    ['visitor_uid', ''],
    ['uid_copy', ''],
  ]);
  await site.page.locator('input[name="name"]').click();
  expect(await fieldValues(site.page)).toEqual([
    ['visitor_uid', UID],
    ['uid_copy', UID],
  ]);
  await site.context.close();
});

test('an onload the site registered before the snippet still runs', async () => {
  const site = await sitePage();
  const earlier =
    '<script>window.AMOPIXEL_IDENTIFIER_PARAMS = { onload: function (p) { window.earlierGot = p.getVisitorUid(); } };</script>';
  await site.page.setContent(
    `<html><head>${pixelTag('amocrm')}</head><body>${FORM}${earlier}${snippet}</body></html>`,
  );
  await site.page.waitForFunction(() => (window as { earlierGot?: string }).earlierGot !== undefined);
  expect(await site.page.evaluate(() => (window as { earlierGot?: string }).earlierGot)).toBe(UID);
  expect((await fieldValues(site.page))[0]).toEqual(['visitor_uid', UID]);
  await site.context.close();
});

test('hostile field names stay data: no markup or script escapes the snippet, the exact field is filled', async () => {
  const site = await sitePage();
  const name = `x'y"z</script><script>window.pwned = 1</script>\\\u2028\``;
  await site.page.setContent(
    `<html><body><form></form>${browserSnippet([name])}<script>${STUB_PIXEL}</script></body></html>`,
  );
  // The field is created through the DOM, so only the snippet's own handling of the name is under test.
  await site.page.evaluate((n) => {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = n;
    document.forms[0].appendChild(input);
    document.forms[0].dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  }, name);
  expect(await fieldValues(site.page)).toEqual([[name, UID]]);
  expect(await site.page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  expect(await site.page.locator('script').count()).toBe(2);
  expect(site.errors).toEqual([]);
  await site.context.close();
});
