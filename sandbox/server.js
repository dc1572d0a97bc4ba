// The sandbox server: the emulated amoCRM host page, the widget folder as amoCRM serves it, the API v4 mock,
// live events (SSE), and a control API for fault injection used by the page's panel, tests and the benchmark.
const fs = require('fs');
const http = require('http');
const path = require('path');
const { handleApi, leadOut } = require('./api');
const { createSeed } = require('./seed');

const ROOT = path.resolve(__dirname, '..');
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  // Widgets ship more than PNGs (the vendor's uses SVG icons and JPEG tour images); a wrong type breaks them.
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.twig': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const RATE_LIMIT = 7;
// The host's own libraries, served under /vendor/ (amoCRM's page has them; RequireJS maps the host module ids here).
const VENDOR = {
  'require.js': ['requirejs', 'require.js'],
  'jquery.js': ['jquery', 'dist/jquery.js'],
  'underscore.js': ['underscore', 'underscore-umd.js'],
  'backbone.js': ['backbone', 'backbone.js'],
  'moment.js': ['moment', 'moment.js'],
  'text.js': ['requirejs-text', 'text.js'],
  // twig.js's browser build (twig.js itself is the Node build and needs `global`).
  'twig.js': ['twig', 'twig.min.js'],
};
// Repeated excess gets the account's API blocked with an nginx 403 page (API.md); the thresholds are the sandbox's own.
const BLOCK_AFTER_429 = 20;
const BLOCK_MS = 30000;
const SESSION_COOKIE = 'amo_session=sandbox-session';

function loadState(dataFile, reset, makeSeed) {
  if (!reset && dataFile && fs.existsSync(dataFile)) {
    try {
      const saved = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
      // A file saved by an older sandbox lacks newer parts of the account (users, contacts, ...): take the seed's.
      return { ...makeSeed(), ...saved };
    } catch {
      // A damaged data file falls back to the seed.
    }
  }
  return makeSeed();
}

// The deal's fields whose old and new values a live event carries.
const LIVE_FIELDS = [
  'name',
  'price',
  'status_id',
  'pipeline_id',
  'loss_reason_id',
  'responsible_user_id',
  'tags',
];
const liveValue = (lead, key) => (key === 'tags' ? (lead.tags || []).map((t) => t.name) : lead[key]);

/** Widget codes the sandbox serves under /widgets/<code>/ (the page picks one with ?code=). */
const WIDGET_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** The manifest's settings fields of type `custom`: the platform drops a plain (non-JSON) string saved there. */
function customFields(widgetDir) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(widgetDir, 'manifest.json'), 'utf8'));
    return Object.keys(manifest.settings || {}).filter(
      (key) => manifest.settings[key] && manifest.settings[key].type === 'custom',
    );
  } catch {
    return [];
  }
}

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function sendFile(res, file) {
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    res.end(data);
  });
}

const FAULT_RESPONSES = {
  400: () => ({
    status: 400,
    type: 'application/problem+json',
    text: JSON.stringify({
      'validation-errors': [
        {
          request_id: '0',
          errors: [{ code: 'InvalidType', path: 'price', detail: 'This value should be of type int.' }],
        },
      ],
      title: 'Bad Request',
      type: 'https://httpstatus.es/400',
      status: 400,
      detail: 'Request validation failed',
    }),
  }),
  401: () => ({
    status: 401,
    type: 'application/problem+json',
    text: JSON.stringify({
      title: 'Unauthorized',
      type: 'https://httpstatus.es/401',
      status: 401,
      detail: 'Неверный логин или пароль',
    }),
  }),
  402: () => ({
    status: 402,
    type: 'application/problem+json',
    text: JSON.stringify({ title: 'Payment Required', status: 402 }),
  }),
  403: () => ({
    status: 403,
    type: 'application/problem+json',
    text: JSON.stringify({
      title: 'Forbidden',
      type: 'https://httpstatus.es/403',
      status: 403,
      detail: 'Access denied',
    }),
  }),
  '403html': () => ({
    status: 403,
    type: 'text/html',
    text: '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>',
  }),
  429: () => ({ status: 429, type: 'text/html', text: '<html><body>429 Too Many Requests</body></html>' }),
  500: () => ({ status: 500, type: 'text/html', text: '<html><body>Internal Server Error</body></html>' }),
  malformed: () => ({ status: 200, type: 'application/hal+json', text: '{"id": 1, "_embedded": ' }),
};

/**
 * Starts the sandbox. `seed`: an initial state object (or a function returning one) instead of seed.js — also
 * what POST /__sandbox/reset restores. `reset`: ignore the data file's saved state. Port 0 = a free port.
 * `rateLimit`: requests per sliding second before 429 (7, as amoCRM; tests of the mock itself raise it).
 */
function createSandbox({
  widgetDir = path.join(ROOT, 'widget'),
  dataFile = null,
  port = 0,
  host = '127.0.0.1',
  reset = false,
  seed,
  widgetCode = 'qa_widget_7f3k2',
  rateLimit = RATE_LIMIT,
  quiet = true,
  logFailures = false,
} = {}) {
  const makeSeed = () =>
    typeof seed === 'function' ? seed() : seed ? JSON.parse(JSON.stringify(seed)) : createSeed();
  let state = loadState(dataFile, reset, makeSeed);
  const faults = { latencyMs: 0, failNext: [], role: 'admin', blockedUntil: 0 };
  const requests = [];
  const recent = [];
  const refused = [];
  const clients = new Set();
  const started = Date.now();
  // Files the page asked for and did not get (a widget's missing module, template or image), and API calls the
  // mock does not know: what "does this widget run here" hinges on. Answers the widget provoked on purpose
  // (401/403/429 and injected faults) are not failures of the emulation and stay out.
  const failures = [];

  const persist = () => {
    if (!dataFile) return;
    fs.mkdirSync(path.dirname(dataFile), { recursive: true });
    fs.writeFileSync(dataFile, JSON.stringify(state, null, 1));
  };
  if (reset) persist(); // --reset really replaces the saved data, even before the first edit
  const broadcast = (event) => {
    const data = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of clients) res.write(data);
  };
  /**
   * Pushes "this deal changed" to `leads:card:<id>` as the raw socket message amoCRM's listenSocketChannel
   * filters: `{body: {channel, payload}}`. The payload mirrors the docs' only example for card channels
   * (web_sdk/mechanics.md reads `message.data.params.old_value`); `new_value` and the rest are the sandbox's
   * own guess, so a widget should treat any message as "re-read the deal".
   */
  const changed = (leadId, before) => {
    const lead = state.leads.find((l) => l.id === leadId);
    const now = lead ? leadOut(state, lead, []) : null;
    const old_value = {};
    const new_value = {};
    for (const key of LIVE_FIELDS) {
      const was = before ? liveValue(before, key) : undefined;
      const is = lead ? liveValue(lead, key) : undefined;
      if (JSON.stringify(was) !== JSON.stringify(is)) {
        old_value[key] = was ?? null;
        new_value[key] = is ?? null;
      }
    }
    broadcast({
      body: {
        channel: `leads:card:${leadId}`,
        payload: {
          entity: 'leads',
          id: leadId,
          updated_at: now && now.updated_at,
          data: { params: { old_value, new_value } },
        },
      },
    });
  };

  function applyFaults(input) {
    if (typeof input.latencyMs === 'number') faults.latencyMs = Math.max(0, input.latencyMs);
    if (input.failNext) faults.failNext.push({ count: 1, ...input.failNext });
    if (input.clear) {
      faults.failNext = [];
      faults.blockedUntil = 0;
      refused.length = 0;
    }
    if (input.role === 'admin' || input.role === 'manager') faults.role = input.role;
  }

  async function api(req, res, url) {
    const fromHost = req.headers['x-sandbox-host'] === '1';
    const text = await readBody(req);
    let body;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = Symbol.for('invalid');
    }
    const entry = {
      method: req.method,
      url,
      body: typeof body === 'symbol' ? text : body,
      t: Date.now() - started,
      status: 0,
      xrw: req.headers['x-requested-with'] || null,
    };
    if (!fromHost) requests.push(entry);
    const reply = (status, type, payload) => {
      entry.status = status;
      entry.bytes = Buffer.byteLength(payload ?? '');
      const headers = { 'Cache-Control': 'no-store' };
      if (type) headers['Content-Type'] = type;
      res.writeHead(status, headers);
      res.end(payload ?? '');
    };
    // The card page itself is already there in amoCRM: only the widget's requests are slowed down.
    if (faults.latencyMs > 0 && !fromHost) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (!(req.headers.cookie || '').includes(SESSION_COOKIE)) {
      return reply(
        401,
        'application/problem+json',
        JSON.stringify({
          title: 'Unauthorized',
          type: 'https://httpstatus.es/401',
          status: 401,
          detail: 'No session',
        }),
      );
    }
    if (!fromHost) {
      const now = Date.now();
      while (recent.length && recent[0] <= now - 1000) recent.shift();
      recent.push(now);
      if (faults.blockedUntil > now) {
        const r = FAULT_RESPONSES['403html']();
        return reply(r.status, r.type, r.text);
      }
      if (recent.length > rateLimit) {
        while (refused.length && refused[0] <= now - 60000) refused.shift();
        refused.push(now);
        if (refused.length >= BLOCK_AFTER_429) faults.blockedUntil = now + BLOCK_MS;
        return reply(429, 'text/html', '<html><body>429 Too Many Requests</body></html>');
      }
      const fault = faults.failNext.find(
        (f) => f.count > 0 && (!f.path || url.includes(f.path)) && (!f.method || f.method === req.method),
      );
      if (fault) {
        fault.count -= 1;
        faults.failNext = faults.failNext.filter((f) => f.count > 0);
        if (fault.kind === 'network') {
          // The connection dies mid-answer: a bare reset could be retried silently by the browser.
          entry.status = -1;
          res.writeHead(200, { 'Content-Type': 'application/hal+json', 'Content-Length': '512' });
          res.write('{"id":');
          return setTimeout(() => req.socket.destroy(), 10);
        }
        const r = (FAULT_RESPONSES[fault.kind] || FAULT_RESPONSES[500])();
        return reply(r.status, r.type, r.text);
      }
    }
    if (typeof body === 'symbol')
      return reply(
        400,
        'application/problem+json',
        JSON.stringify({ title: 'Bad Request', status: 400, detail: 'Request body is not valid JSON' }),
      );
    // A copy of the deals before a write, so the live event can say what each field was.
    const before = req.method === 'GET' ? null : JSON.parse(JSON.stringify(state.leads));
    const result = handleApi(req.method, url, body, {
      state,
      role: faults.role,
      persist,
      changed: (id) => changed(id, before && before.find((l) => l.id === id)),
    });
    reply(result.status, result.type, result.body === null ? '' : JSON.stringify(result.body));
  }

  async function control(req, res, pathname) {
    const text = req.method === 'POST' ? await readBody(req) : '';
    const input = text ? JSON.parse(text) : {};
    const json = (value) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(value));
    };
    if (pathname === '/__sandbox/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (pathname === '/__sandbox/config')
      return json({
        widgetCode,
        path: `/widgets/${widgetCode}`,
        role: faults.role,
        active: state.active !== false,
        account: state.account,
        settings: state.settings,
        users: state.users || [],
        leads: state.leads.map((l) => ({ id: l.id, name: l.name })),
      });
    if (pathname === '/__sandbox/push' && req.method === 'POST') {
      // Any raw socket message, as amoCRM's socket would push it (tests of listenSocketChannel's filter).
      broadcast(input);
      return json({ ok: true, clients: clients.size });
    }
    if (pathname === '/__sandbox/faults') {
      if (req.method === 'POST') applyFaults(input);
      return json(faults);
    }
    if (pathname === '/__sandbox/reset') {
      state = makeSeed();
      persist();
      faults.latencyMs = 0;
      faults.failNext = [];
      faults.role = 'admin';
      faults.blockedUntil = 0;
      refused.length = 0;
      requests.length = 0;
      return json({ ok: true });
    }
    if (pathname === '/__sandbox/requests') return json(requests);
    if (pathname === '/__sandbox/requests/clear') {
      requests.length = 0;
      return json({ ok: true });
    }
    if (pathname === '/__sandbox/settings') {
      if (req.method === 'POST') {
        // { fields: {code: value}, active: bool } as the settings form saves them (a bare fields object works too).
        const fields = input.fields && typeof input.fields === 'object' ? input.fields : input;
        const custom = customFields(widgetDir);
        const next = {};
        for (const [key, raw] of Object.entries(fields)) {
          if (key === 'active') continue;
          const text = typeof raw === 'string' ? raw : JSON.stringify(raw ?? '');
          // PLATFORM.md §2: a custom field keeps only a JSON string or a number; a plain string is dropped.
          next[key] = custom.includes(key) && text !== '' && !isJson(text) ? '' : text;
        }
        state.settings = next;
        if (typeof input.active === 'boolean') state.active = input.active;
        persist();
      }
      return json({ fields: state.settings, active: state.active !== false });
    }
    if (pathname.startsWith('/__sandbox/lead/')) {
      const id = Number(pathname.split('/').pop());
      if (req.method === 'POST') {
        const lead = state.leads.find((l) => l.id === id);
        if (lead) {
          const before = JSON.parse(JSON.stringify(lead));
          Object.assign(lead, input, { updated_at: lead.updated_at + 1 });
          persist();
          changed(id, before);
        }
      }
      return json(state.leads.find((l) => l.id === id) || null);
    }
    res.writeHead(404);
    res.end();
  }

  const server = http.createServer((req, res) => {
    const url = req.url || '/';
    let pathname;
    try {
      pathname = decodeURIComponent(url.split('?')[0]);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    if (!quiet) process.stdout.write(`${req.method} ${url}\n`);
    res.on('finish', () => {
      const isApi = pathname.startsWith('/api/v4/');
      if (res.statusCode < 400 || (isApi && res.statusCode !== 404 && res.statusCode !== 405)) return;
      if (pathname.startsWith('/__sandbox/')) return;
      failures.push({ method: req.method, url, status: res.statusCode });
      if (failures.length > 200) failures.shift();
      if (logFailures) process.stdout.write(`${res.statusCode} ${req.method} ${url}\n`);
    });
    if (pathname.startsWith('/api/v4/')) return void api(req, res, url);
    if (pathname.startsWith('/__sandbox/'))
      return void control(req, res, pathname).catch(() => {
        res.writeHead(400);
        res.end();
      });
    if (pathname === '/favicon.ico') {
      // The browser asks for it on its own; an empty answer keeps it out of the failures above.
      res.writeHead(204);
      return res.end();
    }
    if (pathname === '/' || pathname === '/index.html') {
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}; Path=/; SameSite=Lax`);
      return sendFile(res, path.join(__dirname, 'public/index.html'));
    }
    const vendor = /^\/vendor\/([a-z.]+)$/.exec(pathname);
    if (vendor && VENDOR[vendor[1]]) return sendFile(res, require.resolve(VENDOR[vendor[1]].join('/')));
    const widgetPath = /^\/widgets\/([^/]+)\/(.+)$/.exec(pathname);
    if (widgetPath && WIDGET_CODE.test(widgetPath[1])) {
      const file = path.resolve(widgetDir, widgetPath[2]);
      if (!file.startsWith(path.resolve(widgetDir) + path.sep)) {
        res.writeHead(403);
        return res.end();
      }
      return sendFile(res, file);
    }
    const file = path.resolve(__dirname, 'public', pathname.slice(1));
    if (file.startsWith(path.join(__dirname, 'public'))) return sendFile(res, file);
    res.writeHead(404);
    res.end();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}/`,
        port: address.port,
        widgetCode,
        requests,
        failures,
        faults,
        /** Pushes an event to every open sandbox tab (start.js announces rebuilds this way). */
        notify: broadcast,
        state: () => state,
        getState: () => state,
        /** The same as POST /__sandbox/faults, without a request. */
        setFaults: (input = {}) => {
          applyFaults(input);
          return faults;
        },
        close: () =>
          new Promise((done) => {
            for (const res of clients) res.end();
            clients.clear();
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

module.exports = { createSandbox };
