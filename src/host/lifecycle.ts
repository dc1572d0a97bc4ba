// Turns amoCRM's callbacks into idempotent mount/unmount of ONE panel root in the card's widgets column.
// amoCRM's production order (PLATFORM.md §4a): render, then init (only after a truthy render), then bind_actions;
// render again ALONE when the card area is re-entered on a live instance. So everything happens in render, and
// init/bind_actions only finish a mount that render could not. Traps it absorbs: render twice for the same card,
// destroy without render, a new unsaved card, no card at all, a card switch without destroy.
import type { AmoApp, Widget } from '@amocrm/widget-types';
import { readCardContext } from './app';
import { ensureStylesheet } from './stylesheet';

/** Mounts the panel for a lead into `el`; returns its unmount function. */
export type MountPanel = (el: HTMLElement, leadId: number) => () => void;

export interface LeadCardLifecycleOptions {
  widget: Widget;
  getApp: () => AmoApp | undefined;
  doc: Document;
  mountPanel: MountPanel;
}

export interface LeadCardLifecycle {
  render(): boolean;
  init(): boolean;
  bindActions(): boolean;
  destroy(): void;
  /** The lead whose panel is mounted now, or null. */
  mountedLeadId(): number | null;
}
/** The widget's own settings-independent identity: code, files path and version (never hard-coded). */
export function readWidgetIdentity(widget: Widget): { code: string; path: string | null; version: string } | null {
  const params = widget.params ?? {};
  const settings = (() => {
    try {
      return widget.get_settings?.() ?? {};
    } catch {
      return {};
    }
  })() as Record<string, unknown>;
  const code = params.widget_code ?? settings.widget_code;
  const path = params.path ?? settings.path;
  const version = params.version ?? settings.version ?? (typeof widget.get_version === 'function' ? widget.get_version() : '');
  if (typeof code !== 'string' || code === '') return null;
  return { code, path: typeof path === 'string' ? path : null, version: String(version ?? '') };
}

export function panelMountId(widgetCode: string): string {
  return `${widgetCode}-lead-panel`;
}

export function createLeadCardLifecycle(options: LeadCardLifecycleOptions): LeadCardLifecycle {
  const { widget, getApp, doc, mountPanel } = options;
  let mounted: { leadId: number; el: HTMLElement; unmount: () => void } | null = null;
  /** A lead whose block was asked for but not found yet (a host that inserts it after render_template). */
  let pending: { leadId: number; mountId: string } | null = null;

  const teardown = () => {
    pending = null;
    if (mounted) {
      const { el, unmount } = mounted;
      mounted = null;
      unmount();
      el.remove();
    }
  };

  const tryMount = () => {
    const el = pending && doc.getElementById(pending.mountId);
    if (!pending || !el) return;
    const { leadId } = pending;
    pending = null;
    mounted = { leadId, el, unmount: mountPanel(el, leadId) };
  };

  return {
    render() {
      const identity = readWidgetIdentity(widget);
      const { leadId } = readCardContext(widget, getApp());
      if (!identity || leadId === null) {
        teardown();
        return true;
      }
      if (identity.path !== null) ensureStylesheet(doc, identity.path, identity.version, identity.code);
      if (mounted && mounted.leadId === leadId && mounted.el.isConnected) return true;
      if (pending && pending.leadId === leadId) return true;
      teardown();
      const mountId = panelMountId(identity.code);
      if (!doc.getElementById(mountId)) {
        // amoCRM shows the twig `render` string AND `body` (§4a): the markup goes in `body` only.
        widget.render_template({
          caption: { class_name: `${identity.code}-caption` },
          body: `<div id="${mountId}" class="lqa-mount"></div>`,
          render: '',
        });
      }
      pending = { leadId, mountId };
      tryMount();
      return true;
    },
    init() {
      tryMount();
      return true;
    },
    bindActions() {
      tryMount();
      return true;
    },
    destroy() {
      teardown();
    },
    mountedLeadId() {
      return mounted ? mounted.leadId : null;
    },
  };
}
