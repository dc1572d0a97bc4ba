// Runs the generated browser snippet as a real <script> in a fresh jsdom frame, as a site would.
import { browserSnippet } from './snippets';

const UID = '5692210d-58d0-468c-acb2-dce7f93eef87';

interface PixelWindow extends Window {
  Event: typeof Event;
  FocusEvent: typeof FocusEvent;
  AMOPIXEL_IDENTIFIER?: { getVisitorUid(): string };
  AMOPIXEL_IDENTIFIER_PARAMS?: { onload?: (pixel: unknown) => unknown };
  calls?: unknown[];
}

/** A page with `body` markup; the frame's own window and document. */
function site(body: string) {
  const frame = document.createElement('iframe');
  document.body.appendChild(frame);
  const doc = frame.contentDocument!;
  doc.open();
  doc.write(`<!doctype html><html><body>${body}</body></html>`);
  doc.close();
  return { win: frame.contentWindow as PixelWindow, doc };
}

// What the real pixel does once loaded: publish itself, then call the registered onload.
const PIXEL = `<script>
  window.AMOPIXEL_IDENTIFIER = { getVisitorUid: function () { return '${UID}'; } };
  if (window.AMOPIXEL_IDENTIFIER_PARAMS && window.AMOPIXEL_IDENTIFIER_PARAMS.onload) window.AMOPIXEL_IDENTIFIER_PARAMS.onload(window.AMOPIXEL_IDENTIFIER);
</script>`;

const values = (doc: Document) => Array.from(doc.querySelectorAll('input')).map((i) => i.value);

describe('the browser snippet in a page', () => {
  const form =
    '<form><input type="hidden" name="visitor_uid"><input type="hidden" name="uid_copy"><input name="email"></form>';
  const snippet = browserSnippet(['visitor_uid', 'uid_copy']);

  it('fills every configured hidden field when the pixel loads after it', () => {
    const { doc } = site(form + snippet + PIXEL);
    expect(values(doc)).toEqual([UID, UID, '']);
  });

  it('fills them when the pixel had loaded before it', () => {
    const { doc } = site(form + PIXEL + snippet);
    expect(values(doc)).toEqual([UID, UID, '']);
  });

  it('keeps an onload the site registered earlier and passes it the pixel', () => {
    const earlier =
      '<script>window.calls = []; window.AMOPIXEL_IDENTIFIER_PARAMS = { onload: function (p) { window.calls.push(p.getVisitorUid()); } };</script>';
    const { win, doc } = site(form + earlier + snippet + PIXEL);
    expect(win.calls).toEqual([UID]);
    expect(values(doc)).toEqual([UID, UID, '']);
  });

  it('fills a form added later when it is focused or sent', () => {
    const { win, doc } = site(snippet + PIXEL);
    const popup = doc.createElement('form');
    popup.innerHTML = '<input type="hidden" name="visitor_uid"><input name="phone">';
    doc.body.appendChild(popup);
    expect(values(doc)).toEqual(['', '']);
    popup
      .querySelector<HTMLInputElement>('[name="phone"]')!
      .dispatchEvent(new win.FocusEvent('focusin', { bubbles: true }));
    expect(values(doc)).toEqual([UID, '']);

    const second = doc.createElement('form');
    second.innerHTML = '<input type="hidden" name="uid_copy">';
    doc.body.appendChild(second);
    second.dispatchEvent(new win.Event('submit', { bubbles: true, cancelable: true }));
    expect(values(doc)).toEqual([UID, '', UID]);
  });

  it('reads the id at submit time when the pixel had no id yet at load', () => {
    const late = `<script>
      var ready = false;
      window.AMOPIXEL_IDENTIFIER = { getVisitorUid: function () { return ready ? '${UID}' : ''; } };
      window.AMOPIXEL_IDENTIFIER_PARAMS.onload(window.AMOPIXEL_IDENTIFIER);
      window.makeReady = function () { ready = true; };
    </script>`;
    const { win, doc } = site(form + snippet + late);
    expect(values(doc)).toEqual(['', '', '']);
    (win as unknown as { makeReady(): void }).makeReady();
    doc.querySelector('form')!.dispatchEvent(new win.Event('submit', { bubbles: true, cancelable: true }));
    expect(values(doc)).toEqual([UID, UID, '']);
  });

  it('touches only inputs with exactly the configured names', () => {
    const { doc } = site(
      '<form><input name="visitor_uid_x"><input name="Visitor_uid"><textarea name="visitor_uid"></textarea></form>' +
        snippet +
        PIXEL,
    );
    expect(values(doc)).toEqual(['', '']);
    expect(doc.querySelector('textarea')!.value).toBe('');
  });

  it('a hostile field name stays data: the script still runs and fills exactly that field', () => {
    const name = `a'b"c</script><script>window.pwned=1</script>\\\u2028`;
    const input = formWithField(name);
    const { win, doc } = site(input + browserSnippet([name]) + PIXEL);
    expect((win as unknown as { pwned?: number }).pwned).toBeUndefined();
    expect(values(doc)).toEqual([UID]);
    expect(doc.querySelector('input')!.name).toBe(name);
  });
});

/** A form whose hidden input carries `name` (set through the DOM, so the markup itself is trusted). */
function formWithField(name: string): string {
  const holder = document.createElement('div');
  const f = document.createElement('form');
  const i = document.createElement('input');
  i.type = 'hidden';
  i.name = name;
  f.appendChild(i);
  holder.appendChild(f);
  return holder.innerHTML;
}
