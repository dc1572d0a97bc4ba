// Turns amoCRM's callbacks into idempotent mount/unmount of ONE panel root in the card's widgets column.
// Traps it absorbs (PLATFORM.md §4): render twice for the same card, destroy without render, a new unsaved
// card, no card at all, a card switch without destroy, and a block that appears in the DOM a moment late.
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
  /** Timer used while waiting for the block to appear; injected by tests. */
  setTimer?: (fn: () => void, ms: number) => () => void;
}

export interface LeadCardLifecycle {
  render(): boolean;
  init(): boolean;
  bindActions(): boolean;
  destroy(): void;
  /** The lead whose panel is mounted now, or null. */
  mountedLeadId(): number | null;
}

const MOUNT_RETRY_MS = 50;
const MOUNT_RETRIES = 40;

const defaultTimer = (fn: () => void, ms: number) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

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
  const setTimer = options.setTimer ?? defaultTimer;
  let mounted: { leadId: number; el: HTMLElement; unmount: () => void } | null = null;
  let pending: { leadId: number; mountId: string; retries: number; cancel: () => void } | null = null;

  const teardown = () => {
    if (pending) {
      pending.cancel();
      pending = null;
    }
    if (mounted) {
      const { el, unmount } = mounted;
      mounted = null;
      unmount();
      el.remove();
    }
  };

  const tryMount = (): boolean => {
    if (!pending) return mounted !== null;
    const el = doc.getElementById(pending.mountId);
    if (!el) return false;
    doc.querySelectorAll(`[id="${pending.mountId}"]`).forEach((other) => other !== el && other.remove());
    const { leadId } = pending;
    pending.cancel();
    pending = null;
    mounted = { leadId, el, unmount: mountPanel(el, leadId) };
    return true;
  };

  const waitForBlock = () => {
    if (!pending) return;
    const current = pending;
    current.cancel = setTimer(() => {
      if (pending !== current || tryMount()) return;
      current.retries -= 1;
      if (current.retries > 0) waitForBlock();
      else pending = null;
    }, MOUNT_RETRY_MS);
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
        // PLATFORM.md puts the markup in `body`; the vendor's own example puts it in the twig `render`.
        // Giving both works under either reading; a host that renders both gets a duplicate, removed on mount.
        const markup = `<div id="${mountId}" class="lqa-mount"></div>`;
        widget.render_template({ caption: { class_name: `${identity.code}-caption` }, body: markup, render: markup });
      }
      pending = { leadId, mountId, retries: MOUNT_RETRIES, cancel: () => undefined };
      if (!tryMount()) waitForBlock();
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
