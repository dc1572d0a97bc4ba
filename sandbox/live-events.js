// Live events: the raw socket message amoCRM pushes when a deal changes, as listenSocketChannel filters it.

// The deal's fields whose old and new values a message carries.
const LIVE_FIELDS = [
  'name',
  'price',
  'status_id',
  'pipeline_id',
  'loss_reason_id',
  'responsible_user_id',
  'tags',
  'custom_fields_values',
];
const liveValue = (lead, key) => (key === 'tags' ? (lead.tags || []).map((t) => t.name) : lead[key]);

/**
 * "This deal changed" on `leads:card:<id>`: `{body: {channel, payload}}`. The payload mirrors the docs' only
 * example for card channels (web_sdk/mechanics.md reads `message.data.params.old_value`); `new_value` and the rest
 * are the sandbox's own guess, so a widget should treat any message as "re-read the deal". `before` is the deal as
 * it was (undefined when unknown).
 */
function leadChangedMessage(lead, leadId, before) {
  const old_value = {};
  const new_value = {};
  for (const key of LIVE_FIELDS) {
    const was = before ? liveValue(before, key) : undefined;
    const is = lead ? liveValue(lead, key) : undefined;
    if (JSON.stringify(was) !== JSON.stringify(is)) {
      old_value[key] = was ?? null;
      new_value[key] = is ?? null;
    }
  }
  return {
    body: {
      channel: `leads:card:${leadId}`,
      payload: {
        entity: 'leads',
        id: leadId,
        updated_at: lead ? lead.updated_at : undefined,
        data: { params: { old_value, new_value } },
      },
    },
  };
}

module.exports = { leadChangedMessage };
