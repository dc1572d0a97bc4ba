// The composition root: builds the callbacks amoCRM calls, wiring the lifecycle to the panel.
import { h, render } from 'preact';
import type { HostJQuery, Widget, WidgetCallbacks } from '@amocrm/widget-types';
import { readApp } from './app';
import { createLeadCardLifecycle } from './lifecycle';
import { Placeholder } from './placeholder';
import { createTranslate } from '../ui/i18n';

export function createCallbacks(self: Widget, _$: HostJQuery): WidgetCallbacks {
  const t = createTranslate(self.langs);
  const lifecycle = createLeadCardLifecycle({
    widget: self,
    getApp: () => readApp(),
    doc: document,
    mountPanel: (el, leadId) => {
      render(h(Placeholder, { leadId, t }), el);
      return () => render(null, el);
    },
  });
  return {
    render: () => lifecycle.render(),
    init: () => lifecycle.init(),
    bind_actions: () => lifecycle.bindActions(),
    settings: () => true,
    onSave: () => true,
    destroy: () => lifecycle.destroy(),
  };
}
