// What a budget typed by a person means. Refusals are i18n keys: the domain explains, the UI words it.

/** amoCRM does not document the budget's storage; a 32-bit signed integer is the safe assumption. */
export const MAX_BUDGET = 2147483647;

export type BudgetParse = { ok: true; value: number } | { ok: false; errorKey: string };

// Any Unicode space (incl. NBSP U+00A0, thin U+2009, narrow NBSP U+202F) groups digits as people type them.
const SPACES = /[\s\u00a0\u2007\u2009\u202f]+/g;
// A currency sign typed or pasted with the amount ("₽ 1 500", "$100") carries no meaning for the value.
const CURRENCY_EDGES = /^\p{Sc}\s*|\s*\p{Sc}$/gu;

const refuse = (errorKey: string): BudgetParse => ({ ok: false, errorKey });

/** Reads a budget typed by a person: ASCII digits with space group separators; nothing else. */
export function parseBudget(input: string): BudgetParse {
  const text = input.replace(SPACES, ' ').trim().replace(CURRENCY_EDGES, '').trim();
  if (text === '') return refuse('errors.budget_empty');
  if (/^[-−–‐]/.test(text)) return refuse('errors.budget_negative');
  // "1,500,000" / "1.500": thousands grouped with commas or dots read as decimals in half the locales.
  if (/^[1-9]\d{0,2}([.,]\d{3})+$/.test(text)) return refuse('errors.budget_separator');
  if (/^[\d ]*[.,]\d*$/.test(text)) return refuse('errors.budget_decimal');
  if (!/^\d{1,3}( \d{3})*$|^\d+$/.test(text)) return refuse('errors.budget_not_number');
  const digits = text.replace(/ /g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 10 || Number(digits) > MAX_BUDGET) return refuse('errors.budget_too_big');
  return { ok: true, value: Number(digits) };
}
