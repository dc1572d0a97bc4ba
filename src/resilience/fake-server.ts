// An in-memory API v4 behind a fake Transport, with injectable faults: the real client and the real panel
// run against it in jsdom, so every error class can be produced at every call site.
import type { HttpRequest, HttpResponse, Transport } from '../api/types';

export type FaultKind = '400' | '401' | '402' | '403' | '403html' | '429' | '500' | 'network' | 'timeout' | 'malformed' | 'empty';

const json = (status: number, body: unknown): HttpResponse => ({ status, contentType: 'application/hal+json', text: JSON.stringify(body) });

const FAULTS: Record<Exclude<FaultKind, 'network' | 'timeout'>, () => HttpResponse> = {
  '400': () => json(400, { 'validation-errors': [{ request_id: '0', errors: [{ code: 'InvalidType', path: 'price', detail: 'This value should be of type int.' }] }], title: 'Bad Request', status: 400, detail: 'Request validation failed' }),
  '401': () => json(401, { title: 'Unauthorized', status: 401, detail: 'Session ended' }),
  '402': () => ({ status: 402, contentType: 'text/html', text: '' }),
  '403': () => json(403, { title: 'Forbidden', status: 403, detail: 'Access denied' }),
  '403html': () => ({ status: 403, contentType: 'text/html', text: '<html><body><h1>403 Forbidden</h1>nginx</body></html>' }),
  '429': () => ({ status: 429, contentType: 'text/html', text: 'Too Many Requests' }),
  '500': () => ({ status: 500, contentType: 'text/html', text: '<h1>oops</h1>' }),
  malformed: () => ({ status: 200, contentType: 'application/hal+json', text: '{"id": 1, "_embedded": ' }),
  empty: () => ({ status: 200, contentType: 'application/hal+json', text: '' }),
};

interface ServerLead {
  id: number;
  name: string;
  price: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  tags: { id: number; name: string; color: string | null }[];
}

export function createFakeServer(lead: ServerLead) {
  const state = { lead: { ...lead, tags: [...lead.tags] }, nextTag: 900, tags: [{ id: 1, name: 'VIP', color: 'FFCC00' }, { id: 2, name: 'Hot', color: null }] };
  const faults: { kind: FaultKind; match: RegExp; count: number }[] = [];
  const log: HttpRequest[] = [];
  const pipelines = {
    _embedded: {
      pipelines: [
        { id: 1, name: 'Sales', sort: 1, is_main: true, is_archive: false, _embedded: { statuses: [
          { id: 10, name: 'Incoming', sort: 10, color: '#99ccff', type: 1, pipeline_id: 1 },
          { id: 11, name: 'First contact', sort: 20, color: '#ffcc66', type: 0, pipeline_id: 1 },
          { id: 12, name: 'Offer', sort: 30, color: '#ff9966', type: 0, pipeline_id: 1 },
          { id: 142, name: 'Paid', sort: 10000, color: '#ccff66', type: 0, pipeline_id: 1 },
          { id: 143, name: 'Refused', sort: 11000, color: '#d5d8db', type: 0, pipeline_id: 1 },
        ] } },
      ],
    },
  };

  const answer = (req: HttpRequest): HttpResponse => {
    const url = new URL(req.url, 'http://x');
    const l = state.lead;
    if (req.method === 'GET' && /^\/api\/v4\/leads\/\d+$/.test(url.pathname)) {
      return json(200, { id: l.id, name: l.name, price: l.price, status_id: l.status_id, pipeline_id: l.pipeline_id, loss_reason_id: l.loss_reason_id, updated_at: 1, _embedded: { tags: l.tags, contacts: [{ id: 7, is_main: true }] } });
    }
    if (url.pathname === '/api/v4/leads/pipelines') return json(200, pipelines);
    if (url.pathname === '/api/v4/account') return json(200, { id: 1, subdomain: 'x', is_loss_reason_enabled: true });
    if (url.pathname === '/api/v4/leads/loss_reasons') return json(200, { _embedded: { loss_reasons: [{ id: 5, name: 'Too expensive', sort: 1 }] } });
    if (url.pathname === '/api/v4/leads/tags' && req.method === 'GET') {
      const q = (url.searchParams.get('query') || '').toLowerCase();
      const found = state.tags.filter((t) => t.name.toLowerCase().includes(q));
      return found.length ? json(200, { _embedded: { tags: found } }) : { status: 204, contentType: '', text: '' };
    }
    if (url.pathname === '/api/v4/leads/tags' && req.method === 'POST') {
      const name = (req.body as { name: string }[])[0].name;
      const tag = state.tags.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? { id: state.nextTag++, name, color: null };
      if (!state.tags.includes(tag)) state.tags.push(tag);
      return json(200, { _embedded: { tags: [tag] } });
    }
    // No field rules in this account: every move goes at once (the rules' own failures have their rows).
    if (url.pathname === '/api/v4/leads/custom_fields') return { status: 204, contentType: '', text: '' };
    if (req.method === 'PATCH') {
      const b = req.body as Record<string, unknown> & { tags_to_add?: { id: number }[]; tags_to_delete?: { id: number }[] };
      if (typeof b.price === 'number') l.price = b.price;
      if (typeof b.status_id === 'number') {
        l.status_id = b.status_id;
        l.pipeline_id = b.pipeline_id as number;
        l.loss_reason_id = (b.loss_reason_id as number) ?? null;
      }
      for (const r of b.tags_to_delete ?? []) l.tags = l.tags.filter((t) => t.id !== r.id);
      for (const r of b.tags_to_add ?? []) {
        const tag = state.tags.find((t) => t.id === r.id);
        if (tag && !l.tags.some((t) => t.id === tag.id)) l.tags.push(tag);
      }
      return json(200, { id: l.id, updated_at: 2 });
    }
    return json(404, { title: 'Not Found' });
  };

  const transport: Transport = {
    send(req) {
      log.push(req);
      const key = `${req.method} ${req.url}`;
      const fault = faults.find((f) => f.count > 0 && f.match.test(key));
      if (fault) {
        fault.count -= 1;
        if (fault.kind === 'network') return Promise.reject(new Error('connection reset'));
        if (fault.kind === 'timeout') {
          return new Promise((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
        }
        return Promise.resolve(FAULTS[fault.kind]());
      }
      return Promise.resolve(answer(req));
    },
  };

  return {
    transport,
    state,
    log,
    /** The next `count` requests whose "METHOD url" matches fail with `kind`. */
    fail(kind: FaultKind, match: RegExp, count = 1) {
      faults.push({ kind, match, count });
    },
  };
}
