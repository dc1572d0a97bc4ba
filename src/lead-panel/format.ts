/** Budget in the account's currency when known, else a grouped number; never throws on odd codes. */
export function formatBudget(value: number, locale: string, currency: string | null): string {
  if (currency) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
    } catch {
      // An unknown currency code falls through to a plain number.
    }
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Black or white text, whichever reads better on a tag/stage colour. */
export function readableTextOn(hex: string | null): string {
  if (!hex) return 'inherit';
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#1f2933' : '#ffffff';
}
