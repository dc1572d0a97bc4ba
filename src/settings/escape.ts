// Escaping for each language a typed value can land in: nothing the admin types can break out of it.

/** Inside a double- or single-quoted HTML attribute. */
export const htmlAttr = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** JSON that is also safe inside an inline <script> (no "</script>", no raw line separators). */
export const scriptSafeJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** A JavaScript string literal, safe inside an inline <script>. */
export const jsString = (value: string): string => scriptSafeJson(value);

/** A PHP single-quoted string: only backslash and quote are special there. */
export const phpString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A POSIX shell single-quoted word. */
export const shellWord = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
