// The sandbox's data file (sandbox/data/state.json for `npm start`): edits survive a restart.
const fs = require('fs');
const path = require('path');

/**
 * A file saved by an older sandbox lacks newer parts of the account: whole parts (users, contacts, ...) come from
 * the seed, and so do custom fields it does not have and the field values of deals saved before values existed.
 */
function upgrade(saved, seed) {
  const state = { ...seed, ...saved };
  if (saved.customFields && seed.customFields) {
    state.customFields = { ...seed.customFields, ...saved.customFields };
    for (const entity of Object.keys(seed.customFields)) {
      const have = state.customFields[entity] || [];
      const missing = seed.customFields[entity].filter((f) => !have.some((h) => h.id === f.id));
      state.customFields[entity] = [...have, ...missing];
    }
  }
  for (const lead of state.leads || [])
    if (!Array.isArray(lead.custom_fields_values)) {
      const seeded = (seed.leads || []).find((l) => l.id === lead.id);
      lead.custom_fields_values = seeded ? seeded.custom_fields_values || [] : [];
    }
  return state;
}

/** The saved state, or the seed when told to reset, when there is no file, or when it is damaged. */
function loadState(dataFile, reset, makeSeed) {
  if (!reset && dataFile && fs.existsSync(dataFile)) {
    try {
      return upgrade(JSON.parse(fs.readFileSync(dataFile, 'utf8')), makeSeed());
    } catch {
      // A damaged data file falls back to the seed.
    }
  }
  return makeSeed();
}

function saveState(dataFile, state) {
  if (!dataFile) return;
  fs.mkdirSync(path.dirname(dataFile), { recursive: true });
  fs.writeFileSync(dataFile, JSON.stringify(state, null, 1));
}

module.exports = { loadState, saveState };
