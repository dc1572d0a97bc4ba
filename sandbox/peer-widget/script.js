// A widget written the way third parties write them for the real amoCRM (plain define + this.callbacks),
// kept here to prove the sandbox emulates the platform rather than our own widget.
define(['jquery'], function ($) {
  var CustomWidget = function () {
    var self = this;
    this.callbacks = {
      render: function () {
        var card = APP.data.current_card;
        if (!card || !card.id) return true;
        var settings = self.get_settings();
        self.render_template({
          caption: { class_name: 'peer-caption' },
          body: '<div class="peer-hello" data-code="' + settings.widget_code + '">' + self.i18n('widget').hello + ' ' + card.id + '</div>',
          render: '',
        });
        return true;
      },
      init: function () {
        return true;
      },
      bind_actions: function () {
        $(document).on('click.peer', '.peer-hello', function () {
          $(this).addClass('peer-clicked');
        });
        return true;
      },
      settings: function () {
        return true;
      },
      onSave: function () {
        return true;
      },
      destroy: function () {
        $(document).off('.peer');
      },
    };
    return this;
  };
  return CustomWidget;
});
