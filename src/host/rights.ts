import type { LeadRights } from '../contracts/services';

// APP.constant('user_rights') has no documented shape (PLATFORM.md §6). We read only what we can
// recognise: an admin flag, or a `leads.edit` letter as in the users API (A/G/M = allowed, D = denied).
// Anything else yields null, and the API's own 403 decides.
export function readLeadRights(raw: unknown): LeadRights | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const rights = raw as Record<string, unknown>;
  if (rights.is_admin === true || rights.is_admin === 'Y') return { canEdit: true };
  const leads = rights.leads;
  if (typeof leads === 'object' && leads !== null) {
    const edit = (leads as Record<string, unknown>).edit;
    if (edit === 'D' || edit === false) return { canEdit: false, reasonKey: 'panel.rights_no_edit' };
    if (edit === 'A' || edit === 'G' || edit === 'M' || edit === true) return { canEdit: true };
  }
  return null;
}
