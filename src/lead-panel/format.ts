// Display formatting: budgets in the account's currency, readable text on coloured chips.

/** Budget in the account's currency when known, else a grouped number; never throws on odd codes. */
export function formatBudget(value: number, locale: string, currency: string | null): string {
  const whole = { minimumFractionDigits: 0, maximumFractionDigits: 0 };
  if (currency) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency, ...whole }).format(value);
    } catch {
      // An unknown currency code (or locale) falls through to a plain number.
    }
  }
  try {
    return new Intl.NumberFormat(locale, whole).format(value);
  } catch {
    return String(value);
  }
}

/** WCAG relative luminance of "#rrggbb"; null for anything else. */
export function luminance(hex: string): number | null {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return null;
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Dark or white text, whichever has the higher contrast on a tag's colour. */
export function readableTextOn(hex: string | null): string {
  const l = hex === null ? null : luminance(hex);
  if (l === null) return 'inherit';
  // Contrast with white is 1.05/(l+0.05), with #1f2933 (luminance ≈ 0.0212) it is (l+0.05)/0.0712.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0712 ? '#ffffff' : '#1f2933';
}
