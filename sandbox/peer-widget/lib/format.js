// Text helpers of the peer widget, loaded as a relative dependency of script.js (the way the vendor's own
// widget splits itself into files). Written WITH `.js`: RequireJS resolves it against script.js's URL.
define(['underscore'], function (_) {
  'use strict';

  return {
    /** "Ivan Petrov, Maria Kozlova", or `none` when the card has no contacts. */
    contactLine: function (contacts, none) {
      return _.pluck(contacts, 'name').join(', ') || none;
    },

    /** One live message as "price 1000 → 2000; name A → B" (the docs' payload: data.params.old_value). */
    change: function (payload) {
      var params = (payload && payload.data && payload.data.params) || {};
      var before = params.old_value || {};
      var after = params.new_value || {};
      var parts = _.map(_.keys(after), function (key) {
        return key + ' ' + before[key] + ' → ' + after[key];
      });
      return parts.join('; ') || 'changed';
    },
  };
});
