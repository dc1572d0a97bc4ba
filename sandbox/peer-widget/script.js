// A widget written the way third parties write them for the real amoCRM (plain AMD, this.callbacks, no build),
// kept here to prove the sandbox emulates the platform rather than our own widget. It uses what real widgets
// use: a relative module, a twig template through the text plugin, twigjs, moment, underscore, the host modal,
// a block drawn from init after an async preload, live events and `.widget:<code>` document handlers.
define([
  'jquery',
  'underscore',
  'moment',
  'twigjs',
  'lib/components/base/modal',
  'text!./templates/card.twig',
  './lib/format.js',
], function ($, _, moment, twig, Modal, cardTemplate, format) {
  'use strict';

  var CustomWidget = function () {
    var self = this;
    var preloaded = null; // what the card's block needs, read before it is drawn
    var initDone = false;
    var unsubscribe = null;

    var code = function () {
      return self.get_settings().widget_code;
    };
    var text = function (key) {
      return self.i18n('widget')[key];
    };

    /** The card's people, read asynchronously before the block is drawn (render returns this promise). */
    function preload(leadId) {
      return self.get_current_card_contacts_data().then(function (contacts) {
        var managers = APP.constant('managers') || {};
        var responsible = managers[APP.data.current_card.main_user];
        preloaded = {
          leadId: leadId,
          contacts: contacts,
          responsible: responsible ? responsible.title : text('nobody'),
        };
      });
    }

    function drawBlock() {
      var card = APP.data.current_card;
      // Once per card: amoCRM may call render again for the same card, and a late preload may belong to a card
      // already left.
      if (!preloaded || !card || preloaded.leadId !== card.id || $('.peer-hello').length) return;
      var settings = self.get_settings();
      var details = twig({
        data:
          '<p class="peer-meta">{{ label }}: <time>{{ today }}</time></p>' +
          '<button type="button" class="peer-details">{{ details }}</button>',
      }).render({
        label: text('today'),
        today: moment().format(APP.system.format.date.date),
        details: text('details'),
      });
      self.render_template(
        { caption: { class_name: 'peer-caption' }, body: details, render: cardTemplate },
        {
          code: settings.widget_code,
          greeting: settings.greeting || text('hello'),
          lead_id: card.id,
          responsible: preloaded.responsible,
          contacts: format.contactLine(preloaded.contacts, text('nobody')),
          labels: { responsible: text('responsible'), contacts: text('contacts') },
        },
      );
      if (unsubscribe) unsubscribe();
      unsubscribe = self.listenSocketChannel('leads:card:' + card.id, [], function (payload) {
        $('.peer-live').text(text('live') + ' ' + format.change(payload));
      });
    }

    function openDetails() {
      var rows = _.map(preloaded ? preloaded.contacts : [], function (c) {
        return { name: c.name, phones: c.phones.join(', ') || '—' };
      });
      var modal = new Modal({
        class_name: 'peer-modal',
        init: function ($modal) {
          var html = twig({
            data:
              '<h2 class="peer-modal-title">{{ title }}</h2><ul class="peer-modal-contacts">' +
              '{% for c in rows %}<li>{{ c.name|e }}: {{ c.phones|e }}</li>{% endfor %}</ul>' +
              '<button type="button" class="peer-say-hi">{{ say_hi }}</button>',
          }).render({ title: text('details'), rows: rows, say_hi: text('say_hi') });
          $modal.trigger('modal:loaded').html(html).trigger('modal:centrify');
          $modal.find('.peer-say-hi').on('click', function () {
            modal.destroy();
            new Modal().showSuccess(text('sent'), false, 1500);
          });
        },
        destroy: function () {},
      });
    }

    /**
     * Handlers on document under `.widget:<code>`: the host unbinds that namespace when the widget leaves an
     * area, and amoCRM calls only render when it comes back — so render binds them again too.
     */
    function bindHandlers() {
      var ns = '.widget:' + code();
      $(document)
        .off(ns)
        .on('click' + ns, '.peer-hello', function () {
          $(this).addClass('peer-clicked');
        })
        .on('click' + ns, '.peer-details', openDetails);
    }

    this.callbacks = {
      render: function () {
        var card = APP.data.current_card;
        if (self.system().area !== 'lcard') return true;
        // The docs' own pattern: nothing to show on a new, unsaved card (init is then skipped).
        if (!card || !card.id) return false;
        var loading = preload(card.id);
        if (initDone) {
          // A card opened again on this widget object: amoCRM calls render alone, so draw from here.
          bindHandlers();
          loading.then(drawBlock);
        }
        return loading.then(function () {
          return true;
        });
      },
      init: function () {
        initDone = true;
        drawBlock();
        return true;
      },
      bind_actions: function () {
        bindHandlers();
        return true;
      },
      settings: function ($modal_body) {
        $modal_body.find('input[name="greeting"]').attr('placeholder', self.i18n('widget').hello);
        return true;
      },
      onSave: function (data) {
        // Refuses a greeting with markup, as a careful third-party widget might.
        return /[<>]/.test(data.fields.greeting || '')
          ? Promise.reject(new Error(self.i18n('settings').no_markup))
          : true;
      },
      destroy: function () {
        // The block is still in the page here (the host removes it after destroy): tests read what it saw.
        self.lastDestroySaw = $('.peer-hello').length;
        if (unsubscribe) unsubscribe();
        unsubscribe = null;
        preloaded = null;
        // No $(document).off(): the host unbinds the `.widget:<code>` namespace itself.
      },
    };
    return this;
  };
  return CustomWidget;
});
