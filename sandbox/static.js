// The files the sandbox serves: the host page (public/), the host's own libraries (/vendor/), the control client,
// and a widget folder under /widgets/<code>/ as amoCRM serves an installed widget.
const fs = require('fs');
const path = require('path');

const PUBLIC = path.join(__dirname, 'public');
/** The session cookie the host page sets; the API answers 401 without it. */
const SESSION_COOKIE = 'amo_session=sandbox-session';
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
/** Widget codes the sandbox serves under /widgets/<code>/ (the page picks one with ?code=). */
const WIDGET_CODE = /^[A-Za-z0-9_-]{1,64}$/;

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

/** Serves `pathname` (decoded, without the query) from the sandbox's files or the widget folder. */
function serveStatic(res, pathname, widgetDir) {
  if (pathname === '/favicon.ico') {
    // The browser asks for it on its own; an empty answer keeps it out of the failures.
    res.writeHead(204);
    return res.end();
  }
  if (pathname === '/' || pathname === '/index.html') {
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}; Path=/; SameSite=Lax`);
    return sendFile(res, path.join(PUBLIC, 'index.html'));
  }
  // The one control client, loaded by the host page as a classic script (it is CommonJS for Node too).
  if (pathname === '/control-client.js') return sendFile(res, path.join(__dirname, 'control-client.js'));
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
  const file = path.resolve(PUBLIC, pathname.slice(1));
  if (file.startsWith(PUBLIC)) return sendFile(res, file);
  res.writeHead(404);
  res.end();
}

module.exports = { serveStatic, SESSION_COOKIE };
