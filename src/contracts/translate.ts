// Builds the translate function of a locale object: the contract both UIs and the host agree on.
import type { Translate } from './services';

/** Builds `t` over one locale object; a missing key shows the key itself, so gaps are visible, never blank. */
export function createTranslate(langs: unknown, fallback?: unknown): Translate {
  const lookup = (source: unknown, key: string): string | undefined => {
    let node: unknown = source;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return typeof node === 'string' ? node : undefined;
  };
  return (key, vars) => {
    const template = lookup(langs, key) ?? lookup(fallback, key) ?? key;
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
    );
  };
}
