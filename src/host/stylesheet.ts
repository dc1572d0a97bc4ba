/** Links `<path>/style.css?v=<version>` once per page (PLATFORM.md §8); later calls find it and do nothing. */
export function ensureStylesheet(doc: Document, path: string, version: string, widgetCode: string): HTMLLinkElement {
  const id = `${widgetCode}-style`;
  const href = `${path.replace(/\/+$/, '')}/style.css?v=${encodeURIComponent(version)}`;
  const existing = doc.getElementById(id);
  if (existing instanceof HTMLLinkElement) {
    if (existing.getAttribute('href') !== href) existing.setAttribute('href', href);
    return existing;
  }
  const link = doc.createElement('link');
  link.id = id;
  link.rel = 'stylesheet';
  link.type = 'text/css';
  link.href = href;
  doc.head.appendChild(link);
  return link;
}
