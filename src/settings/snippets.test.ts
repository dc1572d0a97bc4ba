/**
 * @jest-environment node
 */
import { execFileSync } from 'child_process';
import fc from 'fast-check';
import { htmlAttr, jsString, phpString, shellWord } from './escape';
import {
  browserSnippet,
  checkVisitorUid,
  curlSnippet,
  hiddenInputs,
  isPixelVisitorUid,
  nodeSnippet,
  phpSnippet,
  pixelTag,
  requestBody,
  resolvePixel,
  type SnippetInput,
} from './snippets';

const HOSTILE = [
  "it's",
  'say "hi"',
  '</script><script>alert(1)</script>',
  'back\\slash',
  'new\nline',
  '$(rm -rf /)',
  '`id`',
  '?> <?php echo 1;',
  'line\u2028sep',
  "'; DROP TABLE--",
];

const base: SnippetInput = {
  accountHost: 'acme.amocrm.ru',
  siteUrl: 'https://shop.example',
  fields: ['visitor_uid'],
  pipelineId: 3,
  stageId: 42,
  createApi: 'v2',
  pixel: 'amocrm',
};

describe('escaping round-trips exactly', () => {
  it.each(HOSTILE)('%j', (value) => {
    expect(JSON.parse(jsString(value))).toBe(value);
    expect(jsString(value)).not.toMatch(/<\/script|[\u2028\u2029\n]/i);
    expect(execFileSync('sh', ['-c', `printf %s ${shellWord(value)}`]).toString()).toBe(value);
    const attr = htmlAttr(value);
    expect(attr).not.toMatch(/["'<>]/);
    const php = phpString(value);
    // Inside PHP single quotes only \\ and \' are escapes: undo them and the value comes back.
    expect(php.slice(1, -1).replace(/\\(['\\])/g, '$1')).toBe(value);
    expect(php.slice(1, -1)).not.toMatch(/(^|[^\\])(\\\\)*'/);
  });

  it('any string survives shell and JS quoting', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0')),
        (value) => {
          expect(JSON.parse(jsString(value))).toBe(value);
          expect(execFileSync('sh', ['-c', `printf %s ${shellWord(value)}`]).toString()).toBe(value);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('snippets', () => {
  it('pixel tag: amoCRM or Kommo host, detected from the account', () => {
    expect(pixelTag('amocrm')).toBe(
      '<script type="text/javascript" id="amo_pixel_identifier_js" async="async" src="https://piper.amocrm.ru/pixel/js/identifier/pixel_identifier.js"></script>',
    );
    expect(pixelTag('kommo')).toContain('https://piper.kommo.com/pixel/js/identifier/pixel_identifier.js');
    expect(resolvePixel('auto', 'acme.kommo.com')).toBe('kommo');
    expect(resolvePixel('auto', 'acme.amocrm.com')).toBe('amocrm');
    expect(resolvePixel('auto', 'acme.amocrm.ru')).toBe('amocrm');
    expect(resolvePixel('amocrm', 'acme.kommo.com')).toBe('amocrm');
  });

  it('browser snippet: onload registered on the shared params object, names as a JSON array, ES5 only', () => {
    const code = browserSnippet(['visitor_uid', 'uid2']);
    expect(code).toContain('window.AMOPIXEL_IDENTIFIER_PARAMS = window.AMOPIXEL_IDENTIFIER_PARAMS || {}');
    expect(code).toContain('["visitor_uid","uid2"]');
    // Runs on old browsers too: no arrow functions, let/const, template literals or classes.
    expect(code).not.toMatch(/=>|\b(let|const|class)\b|`/);
  });

  it.each(HOSTILE)(
    'hostile field name %j cannot break out of the browser snippet or the hidden input',
    (value) => {
      const code = browserSnippet([value]);
      const inner = code.replace(/^<script>/, '').replace(/<\/script>$/, '');
      expect(inner).not.toMatch(/<\/script/i);
      expect(() => new Function(inner)).not.toThrow();
      expect(hiddenInputs([value]).match(/"/g)).toHaveLength(6);
    },
  );

  it("v2 request is the seed's shape with the chosen ids", () => {
    const { url, body } = requestBody(base);
    expect(url).toBe('https://acme.amocrm.ru/api/v2/leads');
    expect(body).toEqual({
      add: [
        {
          name: 'Request from shop.example',
          status_id: 42,
          pipeline_id: 3,
          visitor_uid: '12345678-52d2-44c2-9e16-ba0052d9f6d6',
        },
      ],
    });
  });

  it('v4 request uses unsorted forms with visitor_uid in the embedded lead', () => {
    const { url, body } = requestBody({ ...base, createApi: 'v4' });
    expect(url).toBe('https://acme.amocrm.ru/api/v4/leads/unsorted/forms');
    expect(
      (body as { _embedded: { leads: { visitor_uid: string }[] } }[])[0]._embedded.leads[0].visitor_uid,
    ).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each(['v2', 'v4'] as const)(
    'curl, PHP and Node variants (%s) carry hostile site names safely',
    async (api) => {
      for (const siteUrl of HOSTILE) {
        const input = { ...base, siteUrl, createApi: api };
        const curl = curlSnippet(input);
        const dataArg = curl.split('--data-raw ')[1];
        const sent = execFileSync('sh', ['-c', `printf %s ${dataArg}`]).toString();
        expect(JSON.parse(sent)).toEqual(requestBody(input).body);
        const node = nodeSnippet(input);
        const run = new Function(
          'req',
          'fetch',
          'process',
          `return (async () => { ${node}; return payload; })()`,
        );
        const payload = await run({ body: { visitor_uid: 'abc' } }, async () => ({}), { env: {} });
        expect(JSON.stringify(payload)).toContain('"visitor_uid":"abc"');
        expect(JSON.stringify(payload)).toContain(
          JSON.stringify(siteUrl.trim().replace(/^https?:\/\//i, '')).slice(1, -1),
        );
      }
    },
  );

  it('PHP embeds the body as one single-quoted literal that decodes back to the JSON', () => {
    const input = { ...base, siteUrl: HOSTILE.join(' ') };
    const php = phpSnippet(input);
    const literal = php.match(/json_decode\('((?:[^'\\]|\\.)*)', true\)/)![1];
    expect(JSON.parse(literal.replace(/\\(['\\])/g, '$1'))).toEqual(requestBody(input).body);
    expect(php).toContain("$_POST['visitor_uid']");
  });

  it('v2 without a chosen pipeline or stage sends neither id; the deal name can be given', () => {
    const { body } = requestBody({ ...base, pipelineId: null, stageId: null, dealName: 'Заявка с сайта' });
    expect(body).toEqual({
      add: [{ name: 'Заявка с сайта', visitor_uid: '12345678-52d2-44c2-9e16-ba0052d9f6d6' }],
    });
  });

  it('v4 sends the pipeline but no stage (unsorted forms land in Unsorted), with the form metadata', () => {
    const { body } = requestBody({ ...base, createApi: 'v4' });
    const form = (body as Record<string, unknown>[])[0];
    expect(form).toMatchObject({
      pipeline_id: 3,
      source_name: 'shop.example',
      metadata: { form_page: 'https://shop.example' },
    });
    expect(JSON.stringify(body)).not.toContain('status_id');
    expect(requestBody({ ...base, createApi: 'v4', pipelineId: null }).body).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ pipeline_id: expect.anything() })]),
    );
  });

  it('PHP and Node v4 variants take the time and ip from the real request, v2 ones need none', async () => {
    const v4 = { ...base, createApi: 'v4' as const };
    expect(phpSnippet(v4)).toContain("$payload[0]['metadata']['form_sent_at'] = time();");
    expect(phpSnippet(v4)).toContain("$payload[0]['metadata']['ip'] = isset($_SERVER['REMOTE_ADDR'])");
    expect(phpSnippet(base)).not.toContain('metadata');
    const run = new Function(
      'req',
      'fetch',
      'process',
      `return (async () => { ${nodeSnippet(v4)}; return payload; })()`,
    );
    const payload = await run({ body: { visitor_uid: 'abc' }, ip: '198.51.100.7' }, async () => ({}), {
      env: {},
    });
    expect(payload[0].metadata).toMatchObject({ ip: '198.51.100.7', form_sent_at: expect.any(Number) });
    expect(payload[0].metadata.form_sent_at).not.toBe(1700000000);
    expect(payload[0]._embedded.leads[0].visitor_uid).toBe('abc');
  });

  it('PHP reads the first configured hidden field, quoted', () => {
    expect(phpSnippet({ ...base, fields: ["it's", 'b'] })).toContain("$_POST['it\\'s']");
  });

  it('accepts any canonical UUID as a pixel id, whatever its version, and nothing else', () => {
    for (const ok of [
      '12345678-52d2-44c2-9e16-ba0052d9f6d6',
      '5692210d-58d0-468c-acb2-dce7f93eef87',
      '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
      'A0EEBC99-9C0B-1EF8-BB6D-6BB9BD380A11',
    ]) {
      expect(isPixelVisitorUid(ok)).toBe(true);
    }
    for (const bad of [
      '',
      '12345678-52d2-44c2-9e16-ba0052d9f6d6x',
      '{12345678-52d2-44c2-9e16-ba0052d9f6d6}',
      '1234567852d244c29e16ba0052d9f6d6',
      'urn:uuid:12345678-52d2-44c2-9e16-ba0052d9f6d6',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '12345678-52d2-44c2-9e16-ba0052d9f6d6\n1',
    ]) {
      expect(isPixelVisitorUid(bad)).toBe(false);
    }
  });

  it('checks visitor ids', () => {
    expect(checkVisitorUid('12345678-52d2-44c2-9e16-ba0052d9f6d6')).toBe('valid');
    expect(checkVisitorUid('  5692210D-58D0-468C-ACB2-DCE7F93EEF87 ')).toBe('valid');
    expect(checkVisitorUid('')).toBe('empty');
    for (const bad of [
      '123',
      '00000000-0000-0000-0000-000000000000',
      '12345678-52d2-44c2-9e16-ba0052d9f6d',
      'zzzzzzzz-52d2-44c2-9e16-ba0052d9f6d6',
      '<script>',
    ]) {
      expect(checkVisitorUid(bad)).toBe('invalid');
    }
  });
});
