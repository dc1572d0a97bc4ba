// The shapes of API v4 answers the routes build: HAL bodies, problem+json errors, `validation-errors`, paged lists.
// A route returns `{status, type, body}` (body null for an empty answer); the caller serialises it.

const ORIGIN = 'http://sandbox.amocrm.test';

const hal = (body, status = 200) => ({ status, type: 'application/hal+json', body });
const none = () => ({ status: 204, type: null, body: null });
const problem = (status, title, detail, extra = {}) => ({
  status,
  type: 'application/problem+json',
  body: { title, type: 'https://httpstatus.es/' + status, status, detail, ...extra },
});
const href = (path) => ({ href: ORIGIN + path });
const link = (path) => ({ self: href(path) });

/** The real 400 with paths into the request (fixture error_400_validation_real.json). */
function validation(errors, requestId = '0') {
  return problem(400, 'Bad Request', 'Request validation failed', {
    'validation-errors': [{ request_id: requestId, errors }],
  });
}

/** `?limit=` (default 50, at most 250) and `?page=` (from 1) as API v4 reads them. */
function pageOf(u, maxLimit = 250) {
  return {
    limit: Math.min(maxLimit, Math.max(1, Number(u.searchParams.get('limit')) || 50)),
    page: Math.max(1, Number(u.searchParams.get('page')) || 1),
  };
}

/** `_links` of a page: self, `next` while there is a next page, `last` when there are several. */
function pageLinks(u, page, pageCount) {
  const at = (n) => {
    const q = new URLSearchParams(u.searchParams);
    q.set('page', String(n));
    return href(`${u.pathname}?${q}`);
  };
  const links = link(u.pathname + u.search);
  if (page < pageCount) links.next = at(page + 1);
  if (pageCount > 1) links.last = at(pageCount);
  return links;
}

/** A page of a list the way API v4 pages them: `_page`, `_page_count`, `_links.next`, 204 past the end. */
function paged(u, items, key, maxLimit = 250) {
  const { limit, page } = pageOf(u, maxLimit);
  const found = items.slice((page - 1) * limit, page * limit);
  if (!found.length) return none();
  const pageCount = Math.max(1, Math.ceil(items.length / limit));
  return hal({
    _total_items: items.length,
    _page: page,
    _page_count: pageCount,
    _links: pageLinks(u, page, pageCount),
    _embedded: { [key]: found },
  });
}

module.exports = { hal, none, problem, link, href, validation, pageOf, pageLinks, paged };
