import { readLeadRights } from './rights';

describe('readLeadRights (feature-detected, undocumented shape)', () => {
  it.each([
    [undefined, null],
    ['Y', null],
    [{}, null],
    [{ leads: {} }, null],
    [{ is_admin: 'Y', leads: { edit: 'D' } }, { canEdit: true }],
    [{ leads: { edit: 'A' } }, { canEdit: true }],
    [{ leads: { edit: 'M' } }, { canEdit: true }],
    [{ leads: { view: 'A', edit: 'D' } }, { canEdit: false, reasonKey: 'panel.rights_no_edit' }],
  ])('%j → %j', (raw, expected) => {
    expect(readLeadRights(raw)).toEqual(expected);
  });
});
