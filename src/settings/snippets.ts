// Pure builders of every snippet the visitor-linking guide shows, from what the admin entered.
import { htmlAttr, jsString, phpString, scriptSafeJson, shellWord } from './escape';
import type { CreateApi, PixelHost } from './schema';

export interface SnippetInput {
  accountHost: string;
  siteUrl: string;
  /** Hidden field names, already split and trimmed. */
  fields: string[];
  pipelineId: number | null;
  stageId: number | null;
  createApi: CreateApi;
  pixel: 'amocrm' | 'kommo';
}

export const EXAMPLE_UID = '12345678-52d2-44c2-9e16-ba0052d9f6d6';

/** `*.kommo.com` accounts get the Kommo pixel, everything else amoCRM's; the admin may override. */
export function resolvePixel(choice: PixelHost, accountHost: string): 'amocrm' | 'kommo' {
  if (choice !== 'auto') return choice;
  return /(^|\.)kommo\.com$/i.test(accountHost) ? 'kommo' : 'amocrm';
}

// The amoCRM pixel is documented; the Kommo host and script id are seen on Kommo sites (UNCONFIRMED officially).
const PIXELS = {
  amocrm: {
    id: 'amo_pixel_identifier_js',
    src: 'https://piper.amocrm.ru/pixel/js/identifier/pixel_identifier.js',
  },
  kommo: {
    id: 'kommo_pixel_identifier_js',
    src: 'https://piper.kommo.com/pixel/js/identifier/pixel_identifier.js',
  },
};

export function splitFields(text: string): string[] {
  return text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

export function pixelTag(pixel: 'amocrm' | 'kommo'): string {
  const p = PIXELS[pixel];
  return `<script type="text/javascript" id="${p.id}" async="async" src="${p.src}"></script>`;
}

export function hiddenInputs(fields: string[]): string {
  return fields.map((f) => `<input type="hidden" name="${htmlAttr(f)}" value="">`).join('\n');
}

/** Registers the pixel's onload BEFORE it loads, also copes with a pixel that loaded first (ES5, any site). */
export function browserSnippet(fields: string[]): string {
  return [
    `<script>`,
    `(function () {`,
    `  var FIELDS = ${scriptSafeJson(fields)};`,
    `  var uid = null;`,
    `  function fill() {`,
    `    if (!uid) return;`,
    `    for (var i = 0; i < FIELDS.length; i++) {`,
    `      var inputs = document.getElementsByName(FIELDS[i]);`,
    `      for (var j = 0; j < inputs.length; j++) inputs[j].value = uid;`,
    `    }`,
    `  }`,
    `  function take(pixel) {`,
    `    var value = pixel && typeof pixel.getVisitorUid === 'function' ? pixel.getVisitorUid() : null;`,
    `    if (value) { uid = value; fill(); }`,
    `  }`,
    `  var params = window.AMOPIXEL_IDENTIFIER_PARAMS = window.AMOPIXEL_IDENTIFIER_PARAMS || {};`,
    `  var previous = params.onload;`,
    `  params.onload = function (pixel) {`,
    `    if (typeof previous === 'function') previous(pixel);`,
    `    take(pixel);`,
    `  };`,
    `  if (window.AMOPIXEL_IDENTIFIER) take(window.AMOPIXEL_IDENTIFIER);`,
    `  // Forms shown later (pop-ups, steps) get the id when touched or sent.`,
    `  document.addEventListener('focusin', fill, true);`,
    `  document.addEventListener('submit', fill, true);`,
    `  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fill);`,
    `})();`,
    `</script>`,
  ].join('\n');
}

function siteName(siteUrl: string): string {
  return (
    siteUrl
      .trim()
      .replace(/^https?:\/\//i, '')
      .replace(/\/+$/, '') || 'site'
  );
}

/** The body that creates the deal, with an example uid the real code replaces with the form's value. */
export function requestBody(input: SnippetInput): { url: string; body: unknown; uidPath: string } {
  const host = input.accountHost || 'your-account.amocrm.ru';
  const name = `Request from ${siteName(input.siteUrl)}`;
  if (input.createApi === 'v2') {
    const lead: Record<string, unknown> = { name };
    if (input.stageId !== null) lead.status_id = input.stageId;
    if (input.pipelineId !== null) lead.pipeline_id = input.pipelineId;
    lead.visitor_uid = EXAMPLE_UID;
    return {
      url: `https://${host}/api/v2/leads`,
      body: { add: [lead] },
      uidPath: "['add'][0]['visitor_uid']",
    };
  }
  const form: Record<string, unknown> = {
    source_name: siteName(input.siteUrl),
    source_uid: 'website-form',
    ...(input.pipelineId !== null ? { pipeline_id: input.pipelineId } : {}),
    _embedded: { leads: [{ name, visitor_uid: EXAMPLE_UID }] },
    metadata: {
      form_id: 'website-form',
      form_name: 'Website form',
      form_page: input.siteUrl || `https://${siteName(input.siteUrl)}`,
      form_sent_at: 1700000000,
      ip: '203.0.113.1',
    },
  };
  return {
    url: `https://${host}/api/v4/leads/unsorted/forms`,
    body: [form],
    uidPath: "[0]['_embedded']['leads'][0]['visitor_uid']",
  };
}

export function curlSnippet(input: SnippetInput): string {
  const { url, body } = requestBody(input);
  return [
    `curl -X POST ${shellWord(url)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "Authorization: Bearer $AMO_TOKEN" \\`,
    `  --data-raw ${shellWord(JSON.stringify(body, null, 2))}`,
  ].join('\n');
}

export function phpSnippet(input: SnippetInput): string {
  const { url, body, uidPath } = requestBody(input);
  const field = input.fields[0] ?? 'visitor_uid';
  return [
    `<?php`,
    `$payload = json_decode(${phpString(JSON.stringify(body, null, 2))}, true);`,
    `// The id the browser snippet wrote into the form's hidden field.`,
    `$payload${uidPath} = isset($_POST[${phpString(field)}]) ? (string) $_POST[${phpString(field)}] : '';`,
    `$ch = curl_init(${phpString(url)});`,
    `curl_setopt_array($ch, [`,
    `  CURLOPT_POST => true,`,
    `  CURLOPT_RETURNTRANSFER => true,`,
    `  CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'Authorization: Bearer ' . getenv('AMO_TOKEN')],`,
    `  CURLOPT_POSTFIELDS => json_encode($payload),`,
    `]);`,
    `$response = curl_exec($ch);`,
    `curl_close($ch);`,
  ].join('\n');
}

export function nodeSnippet(input: SnippetInput): string {
  const { url, body, uidPath } = requestBody(input);
  const field = input.fields[0] ?? 'visitor_uid';
  const jsPath = uidPath.replace(/\['(\w+)'\]/g, '.$1');
  return [
    `// Node 18+, inside your form handler (req.body parsed from the form).`,
    `const payload = ${scriptSafeJson(body, 2)};`,
    `payload${jsPath} = String(req.body[${jsString(field)}] || '');`,
    `const response = await fetch(${jsString(url)}, {`,
    `  method: 'POST',`,
    `  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + process.env.AMO_TOKEN },`,
    `  body: JSON.stringify(payload),`,
    `});`,
  ].join('\n');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether text is a canonical UUID (any version, as the seed's example is) that a pixel could have issued. */
export function checkVisitorUid(text: string): 'empty' | 'valid' | 'invalid' {
  const value = text.trim();
  if (value === '') return 'empty';
  return UUID.test(value) && !/^[0-]+$/.test(value) ? 'valid' : 'invalid';
}
