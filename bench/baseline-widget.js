// The benchmark's do-nothing widget: what ANY lead-card widget pays in the sandbox — the block, one GET of the
// lead through the host's jQuery (our widget's URL and headers), the lead's name on screen, no framework.
// bench/run.js serves it from a second sandbox and times it exactly as ours, card for card in turn, so the
// difference is our widget's own share of "render → data" whatever else the machine is doing.
define(['jquery'], function ($) {
  return function BaselineWidget() {
    var self = this;
    var request = null;
    var done = function () {
      return true;
    };
    this.callbacks = {
      render: function () {
        var card = window.APP && window.APP.data && window.APP.data.current_card;
        if (!card || !(Number(card.id) > 0)) return true;
        var id = self.params.widget_code + '-baseline';
        self.render_template({
          caption: { class_name: 'bench-baseline' },
          body: '<div id="' + id + '"></div>',
          render: '',
        });
        request = $.ajax({
          url: '/api/v4/leads/' + Number(card.id) + '?with=contacts,loss_reason,source_id',
          type: 'GET',
          dataType: 'text',
          headers: {
            Accept: 'application/hal+json, application/problem+json, application/json',
            'X-Requested-With': 'XMLHttpRequest',
          },
          success: function (text) {
            var el = document.getElementById(id);
            if (!el) return;
            var name = document.createElement('h3');
            name.textContent = JSON.parse(text).name;
            el.appendChild(name);
            el.setAttribute('data-state', 'ready');
          },
        });
        return true;
      },
      init: done,
      bind_actions: done,
      settings: done,
      onSave: done,
      destroy: function () {
        if (request) request.abort();
        request = null;
      },
    };
    return this;
  };
});
