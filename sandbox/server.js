// The sandbox server: a thin HTTP adapter over the in-memory amoCRM (in-memory.js — the request gate and the API
// v4 routes), plus the control API (control.js), the live-event stream (SSE) and the files (static.js): the
// emulated amoCRM host page, the widget folder as amoCRM serves it.
const http = require('http');
const path = require('path');
const { createInMemoryAmo } = require('./in-memory');
const { createControl } = require('./control');
const { createControlClient } = require('./control-client');
const { serveStatic, SESSION_COOKIE } = require('./static');
const { loadState, saveState } = require('./persistence');
const { createSeed } = require('./seed');
const { RATE_LIMIT } = require('./gate');

const ROOT = path.resolve(__dirname, '..');

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

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
  const amo = createInMemoryAmo({
    seed: makeSeed,
    initialState: loadState(dataFile, reset, makeSeed),
    rateLimit,
    persist: (state) => saveState(dataFile, state),
  });
  if (reset) amo.save(); // --reset really replaces the saved data, even before the first edit
  const clients = new Set();
  const broadcast = (event) => {
    const data = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of clients) res.write(data);
  };
  // Every change of a deal reaches every open tab, where listenSocketChannel filters it.
  amo.onMessage(broadcast);
  const control = createControl({
    amo,
    widgetDir,
    widgetCode,
    push: (message) => {
      broadcast(message);
      return clients.size;
    },
  });
  // Files the page asked for and did not get (a widget's missing module, template or image), and API calls the
  // mock does not know: what "does this widget run here" hinges on. Answers the widget provoked on purpose
  // (401/403/429 and injected faults) are not failures of the emulation and stay out.
  const failures = [];

  async function api(req, res, url) {
    const answer = await amo.handle({
      method: req.method,
      url,
      text: await readBody(req),
      session: (req.headers.cookie || '').includes(SESSION_COOKIE),
      fromHost: req.headers['x-sandbox-host'] === '1',
      xrw: req.headers['x-requested-with'] || null,
    });
    if (answer.drop === 'network') {
      // The connection dies mid-answer: a bare reset could be retried silently by the browser.
      res.writeHead(200, { 'Content-Type': 'application/hal+json', 'Content-Length': '512' });
      res.write('{"id":');
      return void setTimeout(() => req.socket.destroy(), 10);
    }
    // No answer ever comes: the widget's own time limit has to end the wait (close() drops the connection).
    if (answer.drop === 'timeout') return;
    const headers = { 'Cache-Control': 'no-store' };
    if (answer.contentType) headers['Content-Type'] = answer.contentType;
    res.writeHead(answer.status, headers);
    res.end(answer.text);
  }

  function events(req, res) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
  }

  async function controlRequest(req, res, pathname) {
    if (pathname === '/__sandbox/events') return events(req, res);
    const text = req.method === 'POST' ? await readBody(req) : '';
    const answer = control(req.method, pathname, text ? JSON.parse(text) : {});
    if (answer === undefined) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(answer));
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
      return void controlRequest(req, res, pathname).catch(() => {
        res.writeHead(400);
        res.end();
      });
    serveStatic(res, pathname, widgetDir);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${host}:${address.port}/`;
      resolve({
        url,
        port: address.port,
        widgetCode,
        requests: amo.requests,
        failures,
        faults: amo.faults,
        /** The in-memory amoCRM behind the server (the same data, gate and routes). */
        amo,
        /** The control API's client, pointed at this server. */
        control: createControlClient({ baseUrl: url }),
        /** Pushes an event to every open sandbox tab (start.js announces rebuilds this way). */
        notify: broadcast,
        state: () => amo.state(),
        getState: () => amo.state(),
        /** The same as POST /__sandbox/faults, without a request. */
        setFaults: (input = {}) => amo.configure(input),
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
