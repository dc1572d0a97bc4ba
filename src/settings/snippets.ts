// Pure builders of every snippet the visitor-linking guide shows, from what the admin entered.
import { htmlAttr, jsString, phpString, scriptSafeJson, shellWord } from './escape';
import type { CreateApi, PixelHost } from '../contracts/settings';

export interface SnippetInput {
  accountHost: string;
  siteUrl: string;
  /** Hidden field names, already split and trimmed. */
  fields: string[];
  pipelineId: number | null;
  stageId: number | null;
  createApi: CreateApi;
  pixel: 'amocrm' | 'kommo';
  /** The new deal's name; defaults to "Request from <site>". */
  dealName?: string;
}

const EXAMPLE_UID = '12345678-52d2-44c2-9e16-ba0052d9f6d6';

/** `*.kommo.com` accounts get the Kommo pixel, everything else amoCRM's; the admin may override. */
export function resolvePixel(choice: PixelHost, accountHost: string): 'amocrm' | 'kommo' {
  if (choice !== 'auto') return choice;
  return /(^|\.)kommo\.com$/i.test(accountHost) ? 'kommo' : 'amocrm';
}

// Each pixel's script id prefix and host. The amoCRM pixel is documented; the Kommo host and script id are seen
// on Kommo sites (UNCONFIRMED officially).
const PIXELS = {
  amocrm: ['amo', 'piper.amocrm.ru'],
  kommo: ['kommo', 'piper.kommo.com'],
};

export function splitFields(text: string): string[] {
  return text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

export function pixelTag(pixel: 'amocrm' | 'kommo'): string {
  const [idPrefix, host] = PIXELS[pixel];
  return `<script type="text/javascript" id="${idPrefix}_pixel_identifier_js" async="async" src="https://${host}/pixel/js/identifier/pixel_identifier.js"></script>`;
}

export function hiddenInputs(fields: string[]): string {
  return fields.map((f) => `<input type="hidden" name="${htmlAttr(f)}" value="">`).join('\n');
}

/**
 * Registers the pixel's onload BEFORE the pixel loads and also copes with a pixel that loaded first.
 * ES5 on purpose: it runs on any site. Field names travel as a JSON array, never as code or a CSS selector.
 */
export function browserSnippet(fields: string[]): string {
  return `<script>
(function () {
  var FIELDS = ${scriptSafeJson(fields)};
  var uid = '';
  function read(pixel) {
    if (!uid && pixel && typeof pixel.getVisitorUid === 'function') uid = String(pixel.getVisitorUid() || '');
  }
  function fill() {
    read(window.AMOPIXEL_IDENTIFIER);
    if (!uid) return;
    for (var i = 0; i < FIELDS.length; i++) {
      var found = document.getElementsByName(FIELDS[i]);
      for (var j = 0; j < found.length; j++) {
        if (found[j].tagName === 'INPUT') found[j].value = uid;
      }
    }
  }
  var params = window.AMOPIXEL_IDENTIFIER_PARAMS = window.AMOPIXEL_IDENTIFIER_PARAMS || {};
  var previous = params.onload;
  params.onload = function (pixel) {
    read(pixel);
    fill();
    if (typeof previous === 'function') return previous.apply(this, arguments);
  };
  // The pixel may already be loaded; forms shown later (pop-ups, steps) get the id when touched or sent.
  fill();
  document.addEventListener('focusin', fill, true);
  document.addEventListener('submit', fill, true);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fill);
})();
</script>`;
}

/** The site as a short name (no scheme, no trailing slash) for deal and source names. */
export function siteName(siteUrl: string): string {
  return (
    siteUrl
      .trim()
      .replace(/^https?:\/\//i, '')
      .replace(/\/+$/, '') || 'example.com'
  );
}

export interface RequestBody {
  url: string;
  body: unknown;
  /** PHP array path of the lead's visitor_uid inside `body`, e.g. "['add'][0]['visitor_uid']". */
  uidPath: string;
  /** PHP array path of the v4 form metadata, whose time and ip the server fills in. */
  metadataPath: string | null;
}

/** The body that creates the deal, with an example uid the real code replaces with the form's value. */
export function requestBody(input: SnippetInput): RequestBody {
  const host = input.accountHost || 'your-account.amocrm.ru';
  // The page passes a translated deal name.
  const name = input.dealName?.trim() || `Request from ${siteName(input.siteUrl)}`;
  if (input.createApi === 'v2') {
    // The seed's shape: add[] with name, status_id and visitor_uid (pipeline_id only when chosen).
    const lead: Record<string, unknown> = { name };
    if (input.stageId !== null) lead.status_id = input.stageId;
    if (input.pipelineId !== null) lead.pipeline_id = input.pipelineId;
    lead.visitor_uid = EXAMPLE_UID;
    return {
      url: `https://${host}/api/v2/leads`,
      body: { add: [lead] },
      uidPath: "['add'][0]['visitor_uid']",
      metadataPath: null,
    };
  }
  // The 2021 docs' unsorted-forms request: visitor_uid sits in the embedded lead; no stage (it lands in Unsorted).
  const form: Record<string, unknown> = {
    source_name: siteName(input.siteUrl),
    source_uid: 'website-form',
    ...(input.pipelineId !== null ? { pipeline_id: input.pipelineId } : {}),
    _embedded: { leads: [{ name, visitor_uid: EXAMPLE_UID }] },
    metadata: {
      form_id: 'website-form',
      form_name: 'Website form',
      form_page: input.siteUrl.trim() || `https://${siteName(input.siteUrl)}`,
      form_sent_at: 1700000000,
      ip: '203.0.113.1',
    },
  };
  return {
    url: `https://${host}/api/v4/leads/unsorted/forms`,
    body: [form],
    uidPath: "[0]['_embedded']['leads'][0]['visitor_uid']",
    metadataPath: "[0]['metadata']",
  };
}

const phpPathToJs = (path: string) => path.replace(/\['(\w+)'\]/g, '.$1');

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
  const { url, body, uidPath, metadataPath } = requestBody(input);
  const field = phpString(input.fields[0] ?? 'visitor_uid');
  return [
    `<?php`,
    `$payload = json_decode(${phpString(JSON.stringify(body, null, 2))}, true);`,
    `// The id the browser snippet wrote into the form's hidden field.`,
    `$payload${uidPath} = isset($_POST[${field}]) ? (string) $_POST[${field}] : '';`,
    ...(metadataPath
      ? [
          `$payload${metadataPath}['form_sent_at'] = time();`,
          `$payload${metadataPath}['ip'] = isset($_SERVER['REMOTE_ADDR']) ? $_SERVER['REMOTE_ADDR'] : '';`,
        ]
      : []),
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
  const { url, body, uidPath, metadataPath } = requestBody(input);
  const field = jsString(input.fields[0] ?? 'visitor_uid');
  const meta = metadataPath ? `payload${phpPathToJs(metadataPath)}` : null;
  return [
    `// Node 18+, inside your form handler (req.body parsed from the form).`,
    `const payload = ${scriptSafeJson(body, 2)};`,
    `payload${phpPathToJs(uidPath)} = String(req.body[${field}] || '');`,
    ...(meta ? [`${meta}.form_sent_at = Math.floor(Date.now() / 1000);`, `${meta}.ip = req.ip || '';`] : []),
    `const response = await fetch(${jsString(url)}, {`,
    `  method: 'POST',`,
    `  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + process.env.AMO_TOKEN },`,
    `  body: JSON.stringify(payload),`,
    `});`,
  ].join('\n');
}

// Canonical 8-4-4-4-12 hex. Any version and variant digit: the seed's example is v4-style, and the
// pixel's generator is not documented, so only the shape and the all-zero / all-f sentinels are refused.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether text (trimmed) is a well-formed UUID the pixel could have issued. */
export function isPixelVisitorUid(text: string): boolean {
  const value = text.trim();
  return UUID.test(value) && !/^[0-]+$/.test(value) && !/^[f-]+$/i.test(value);
}

/** The checker's three states: nothing typed yet, a plausible pixel id, or not one. */
export function checkVisitorUid(text: string): 'empty' | 'valid' | 'invalid' {
  if (text.trim() === '') return 'empty';
  return isPixelVisitorUid(text) ? 'valid' : 'invalid';
}
