// The composition root: builds the callbacks amoCRM calls and wires the host (amoCRM runtime), the API client
// and the UIs. The only module that knows all of them.
import { h, render } from 'preact';
import type { HostJQuery, Widget, WidgetCallbacks } from '@amocrm/widget-types';
import { createApiClient, createJQueryTransport } from './api';
import type { ApiClient } from './api/types';
import { LeadPanel } from './lead-panel';
import { parsePanelOptions } from './contracts/settings';
import { readApp } from './host/app';
import { createHostServices, createWidgetTranslate } from './host/create-services';
import { createLeadCardLifecycle, readWidgetIdentity } from './host/lifecycle';
import { ensureStylesheet } from './host/stylesheet';
import { createSettingsShell } from './settings-shell';

/** What the AMD entry hands the root besides the widget and jQuery. */
export interface RootDeps {
  /**
   * Loads a file of the widget's folder (its id relative to script.js, with `.js`) as an AMD module; `version`
   * busts the browser's cache like script.js's own `?v=`. RequireJS in the widget, a fake in tests.
   */
  loadModule(file: string, version: string): Promise<unknown>;
}

// One API client per page session (the AMD module is loaded once per page): every card shares its
// pipeline cache and its rate limiter, as amoCRM's 7 requests/second limit is per account, not per card.
let pageApi: ApiClient | null = null;
function sharedApi($: HostJQuery): ApiClient {
  if (!pageApi) pageApi = createApiClient({ transport: createJQueryTransport($) });
  return pageApi;
}

function savedCustomValue(self: Widget): unknown {
  const fromParams = self.params?.custom;
  if (fromParams !== undefined) return fromParams;
  try {
    return self.get_settings?.()?.custom;
  } catch {
    return undefined;
  }
}

export function createCallbacks(self: Widget, $: HostJQuery, deps: RootDeps): WidgetCallbacks {
  const t = () => createWidgetTranslate(self);
  const lifecycle = createLeadCardLifecycle({
    widget: self,
    getApp: () => readApp(),
    doc: document,
    mountPanel: (el, leadId) => {
      const services = createHostServices({
        widget: self,
        app: readApp(),
        api: sharedApi($),
        settings: { panel: parsePanelOptions(savedCustomValue(self)) },
        // amoCRM's router re-opens the current page on this event without a browser reload (§4a).
        reload: () => void ($(document) as { trigger(event: string): unknown }).trigger('page:reload'),
        // The stage-move step is its own file: asked when a move may need it, never on card open.
        loadMoveStep: () => deps.loadModule('./move-step.js', readWidgetIdentity(self)?.version ?? ''),
      });
      render(h(LeadPanel, { leadId, services }), el);
      return () => render(null, el);
    },
  });
  const settingsModal = createSettingsShell({
    // The settings modal is its own file: a lead card never loads it (only the modal or a save does).
    loadModule: () => deps.loadModule('./settings.js', readWidgetIdentity(self)?.version ?? ''),
    host: {
      doc: document,
      $,
      widgetCode: () => readWidgetIdentity(self)?.code ?? null,
      savedValue: () => savedCustomValue(self),
      t: t(),
      api: { getPipelines: (signal?: AbortSignal) => sharedApi($).getPipelines(signal) },
      accountHost: () => window.location.hostname,
    },
  });
  return {
    render: () => lifecycle.render(),
    init: () => lifecycle.init(),
    bind_actions: () => lifecycle.bindActions(),
    settings: ($modalBody) => {
      // The settings modal is its own area: the lead card's render may never have linked the stylesheet.
      const identity = readWidgetIdentity(self);
      if (identity?.path) ensureStylesheet(document, identity.path, identity.version, identity.code);
      return settingsModal.open($modalBody);
    },
    onSave: (event) => settingsModal.save(event),
    destroy: () => {
      lifecycle.destroy();
      settingsModal.close();
    },
  };
}
