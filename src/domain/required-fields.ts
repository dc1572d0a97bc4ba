// The admin's rule "fill these fields before a deal enters that stage" (a custom field's `required_statuses`).
// amoCRM's own card enforces it; the API does not (API.md), so every move the panel makes asks here first.
import type { CustomField, FieldPatch, FieldValueOut, Lead, RequiredStage } from './types';

/** The control the panel offers for a field type; a type without one cannot be filled in the panel. */
export type FieldControl =
  'text' | 'number' | 'textarea' | 'url' | 'select' | 'multiselect' | 'checkbox' | 'date';

const CONTROLS: Readonly<Record<string, FieldControl>> = {
  text: 'text',
  numeric: 'number',
  textarea: 'textarea',
  url: 'url',
  select: 'select',
  radiobutton: 'select',
  multiselect: 'multiselect',
  checkbox: 'checkbox',
  date: 'date',
  date_time: 'date',
  birthday: 'date',
};

/** file, smart_address, legal_entity, chained_list, ... have value shapes of their own: fill them in the card. */
export const controlFor = (type: string): FieldControl | null => CONTROLS[type] ?? null;

export const isRequiredFor = (field: CustomField, target: RequiredStage) =>
  field.requiredStatuses.some((r) => r.statusId === target.statusId && r.pipelineId === target.pipelineId);

/**
 * Whether the deal has no value for the field. A checkbox counts as filled only when ticked: a required
 * checkbox is the admin asking for a yes (the API has no "unset" for it, only false).
 */
export function isFieldEmpty(lead: Lead, field: CustomField): boolean {
  const values = lead.customFields.find((f) => f.fieldId === field.id)?.values ?? [];
  return !values.some(({ value, enumId }) =>
    field.type === 'checkbox'
      ? value === true
      : enumId !== null ||
        (typeof value === 'string' ? value.trim() !== '' : value !== null && value !== false),
  );
}

/** The fields the admin requires for `target` that are empty on this deal, in the account's field order. */
export function missingRequiredFields(
  fields: readonly CustomField[],
  lead: Lead,
  target: RequiredStage,
): CustomField[] {
  return fields
    .filter((f) => isRequiredFor(f, target) && isFieldEmpty(lead, f))
    .sort((a, b) => a.sort - b.sort || a.id - b.id);
}

/** What a person entered: text (and a date "YYYY-MM-DD", an enum id for a single choice), ids, or a tick. */
export type FieldDraft = string | readonly number[] | boolean;

export const emptyDraft = (control: FieldControl): FieldDraft =>
  control === 'multiselect' ? [] : control === 'checkbox' ? false : '';

export type FieldCheck = { ok: true; patch: FieldPatch } | { ok: false; errorKey: string };

const refuse = (errorKey: string): FieldCheck => ({ ok: false, errorKey });
const one = (field: CustomField, value: FieldValueOut): FieldCheck => ({
  ok: true,
  patch: { field_id: field.id, values: [value] },
});

/** A number as people type it ("1 500,5", "-3") → the API's numeric string ("1500.5"); null when not one. */
export function numericText(text: string): string | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(compact) ? compact.replace(/^(-?)0+(?=\d)/, '$1') : null;
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/**
 * A date picked in the panel as the native card stores it: the user's local midnight, in seconds (the API also
 * takes RFC 3339, but the account's time zone is not known here; the browser's is the card's own).
 */
export function localMidnightSeconds(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(y, mo - 1, d);
  return at.getFullYear() === y && at.getMonth() === mo - 1 && at.getDate() === d
    ? at.getTime() / 1000
    : null;
}

/** Checks what was entered for a required field and shapes it as PATCH writes that type (API.md). */
export function fieldPatch(field: CustomField, draft: FieldDraft): FieldCheck {
  const control = controlFor(field.type);
  if (control === null) return refuse('fields.error_not_editable');
  if (control === 'checkbox')
    return draft === true ? one(field, { value: true }) : refuse('fields.error_check');
  if (control === 'multiselect') {
    const ids = Array.isArray(draft) ? draft.filter((id) => field.enums.some((e) => e.id === id)) : [];
    return ids.length
      ? { ok: true, patch: { field_id: field.id, values: ids.map((id) => ({ enum_id: id })) } }
      : refuse('fields.error_choose_some');
  }
  const text = typeof draft === 'string' ? draft.trim() : '';
  if (control === 'select') {
    const id = Number(text);
    return field.enums.some((e) => e.id === id) && text !== ''
      ? one(field, { enum_id: id })
      : refuse('fields.error_choose');
  }
  if (text === '') return refuse('fields.error_blank');
  if (control === 'number') {
    const number = numericText(text);
    return number === null ? refuse('fields.error_number') : one(field, { value: number });
  }
  if (control === 'url') return isWebAddress(text) ? one(field, { value: text }) : refuse('fields.error_url');
  if (control === 'date') {
    const seconds = localMidnightSeconds(text);
    return seconds === null ? refuse('fields.error_date') : one(field, { value: seconds });
  }
  return one(field, { value: text });
}
