// The answers amoCRM gives when something goes wrong, written once: the armed faults, the request gate's own
// refusals (no session, too many requests, blocked) and the in-memory amoCRM of the jsdom tests all use these.
// Bodies follow ../shared/fixtures where a recorded one exists; 402/403 JSON/429/500 bodies were never recorded.

const problem = (status, body) => ({
  status,
  contentType: 'application/problem+json',
  text: JSON.stringify(body),
});
const html = (status, text) => ({ status, contentType: 'text/html', text });

// The nginx page amoCRM serves once it has blocked an account's API (issue #434 of amocrm-api-php shows one).
const NGINX_403 =
  '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>';

/** Answers by fault kind; each call gives a fresh object. */
const ANSWERS = {
  400: () =>
    problem(400, {
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
  401: () =>
    problem(401, {
      title: 'Unauthorized',
      type: 'https://httpstatus.es/401',
      status: 401,
      detail: 'Неверный логин или пароль',
    }),
  402: () => problem(402, { title: 'Payment Required', status: 402 }),
  403: () =>
    problem(403, {
      title: 'Forbidden',
      type: 'https://httpstatus.es/403',
      status: 403,
      detail: 'Access denied',
    }),
  '403html': () => html(403, NGINX_403),
  429: () => html(429, '<html><body>429 Too Many Requests</body></html>'),
  500: () => html(500, '<html><body>Internal Server Error</body></html>'),
  malformed: () => ({ status: 200, contentType: 'application/hal+json', text: '{"id": 1, "_embedded": ' }),
  empty: () => ({ status: 200, contentType: 'application/hal+json', text: '' }),
};

/** Kinds with no answer at all: the connection breaks ('network') or nothing ever comes back ('timeout'). */
const DROPS = ['network', 'timeout'];

/** Every kind `failNext` accepts, in the order the page's fault panel lists them. */
const FAULT_KINDS = [...Object.keys(ANSWERS), ...DROPS];

/** The answer for an armed fault; an unknown kind is a 500, as before. Null for a drop. */
function faultAnswer(kind) {
  if (DROPS.includes(kind)) return null;
  return (ANSWERS[kind] || ANSWERS[500])();
}

/** The gate's own refusals. */
const noSession = () =>
  problem(401, {
    title: 'Unauthorized',
    type: 'https://httpstatus.es/401',
    status: 401,
    detail: 'No session',
  });
const tooManyRequests = ANSWERS[429];
const blocked = ANSWERS['403html'];

module.exports = { FAULT_KINDS, DROPS, faultAnswer, noSession, tooManyRequests, blocked };
