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
        var greeting = settings.greeting || self.i18n('widget').hello;
        self.render_template({
          caption: { class_name: 'peer-caption' },
          body: '<div class="peer-hello" data-code="' + settings.widget_code + '"></div>',
          render: '',
        });
        $('.peer-hello').text(greeting + ' ' + card.id);
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
        $(document).off('.peer');
      },
    };
    return this;
  };
  return CustomWidget;
});
