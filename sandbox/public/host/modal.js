// `lib/components/base/modal`: the host's modal window, with the surface real widgets call. The sandbox's own
// implementation (amoCRM's is not public): new Modal({class_name, init($modal), destroy}), .destroy(),
// .showSuccess(text, reload, timeout), .showError(text, reload).

const SUCCESS_MS = 2000;

export function createModalClass($) {
  let openCount = 0;

  function Modal(options) {
    this.options = options || {};
    this.$root = null;
    this.$modal = null;
    // amoCRM's modal opens as soon as it is constructed with an init callback; `new Modal()` alone only
    // gives access to showSuccess / showError.
    if (typeof this.options.init === 'function') this._open(this.options.init);
  }

  Modal.prototype._open = function (fill, extraClass) {
    const self = this;
    openCount += 1;
    const $root = $('<div class="modal sb-host-modal"></div>');
    $root.addClass(String(this.options.class_name || '') + ' ' + (extraClass || ''));
    const $close = $('<button type="button" class="sb-host-modal__close" aria-label="Close">×</button>');
    // The widget replaces the content of $modal with .html(): the close button sits outside it.
    const $modal = $('<div class="modal-body" role="dialog" aria-modal="true"></div>');
    $modal.attr('id', 'sb-host-modal-' + openCount);
    $root.append($('<div class="sb-host-modal__window"></div>').append($close, $modal));
    $root.appendTo(document.body);
    this.$root = $root;
    this.$modal = $modal;
    $close.on('click', function () {
      self.destroy();
    });
    $root.on('click', function (event) {
      if (event.target === $root[0]) self.destroy();
    });
    $root.on('click', '.modal-body__close, .js-modal-close', function () {
      self.destroy();
    });
    $root.on('keydown', function (event) {
      if (event.key === 'Escape') self.destroy();
    });
    // Widgets announce 'modal:loaded' and ask for 'modal:centrify' on $modal: the sandbox centres with CSS.
    fill.call(this, $modal);
    $close.trigger('focus');
  };

  Modal.prototype.destroy = function () {
    if (!this.$root) return;
    const $root = this.$root;
    this.$root = null;
    $root.remove();
    if (typeof this.options.destroy === 'function') this.options.destroy.call(this);
    // showSuccess / showError with `reload`: the page is re-opened once the message goes, the way amoCRM's
    // own modals re-open it (page:reload).
    if (this.reloadAfter) $(document).trigger('page:reload');
  };

  function message(modal, kind, text, reload, timeout) {
    modal._open(function ($modal) {
      const $text = $(
        '<p class="sb-host-modal__message" role="' + (kind === 'error' ? 'alert' : 'status') + '"></p>',
      );
      $text.text(text || (kind === 'error' ? 'Error' : 'Done'));
      $modal.append($text);
      if (kind === 'error')
        $modal.append($('<button type="button" class="js-modal-close sb-host-modal__ok">OK</button>'));
    }, 'sb-host-modal--' + kind);
    modal.reloadAfter = Boolean(reload);
    if (kind === 'success')
      setTimeout(function () {
        modal.destroy();
      }, timeout || SUCCESS_MS);
  }

  Modal.prototype.showSuccess = function (text, reload, timeout) {
    message(this, 'success', text, reload, timeout);
  };
  Modal.prototype.showError = function (text, reload) {
    message(this, 'error', text, reload);
  };

  return Modal;
}
