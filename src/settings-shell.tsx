// The settings modal as script.js runs it: settings.js (the modal's machinery and the settings page,
// src/settings-modal.tsx) comes from `loadModule` (RequireJS in the widget, a fake in tests) when the modal opens or
// a save needs it. This keeps only what must work before it arrives: a notice while it loads, a plain failure
// message with Retry, and a save that waits for it (disabling never does). The modal must work while the module
// is on its way, after it failed, and when it is the first thing the widget does on the page.
import { h, render } from 'preact';
import type { JQueryLike, SaveEvent } from '@amocrm/widget-types';
import type { Translate } from './contracts/services';
import { isSettingsModule, type SettingsModal, type SettingsModalHost } from './contracts/settings-module';
import { isDisabling } from './host/settings-bridge';
import { LoadOnce } from './lead-panel/state/load-once';

export interface SettingsShellOptions {
  /** Resolves with settings.js's module (unchecked: it comes from another file); rejects when it cannot load. */
  loadModule(): Promise<unknown>;
  host: SettingsModalHost;
}

export interface SettingsShell {
  /** The `settings` callback: draws the page into our field, once the module is there. */
  open($modalBody?: JQueryLike): boolean;
  /** The `onSave` callback: resolves when the settings may be saved, rejects with the reason to show. */
  save(event: SaveEvent): boolean | Promise<boolean>;
  close(): void;
}

function ModuleNotice({ t, failed, onRetry }: { t: Translate; failed: boolean; onRetry(): void }) {
  return (
    <div class="lqa">
      {failed ? (
        <p class="lqa-field-error" role="alert">
          {t('host.settings_unavailable')}{' '}
          <button type="button" class="lqa-button" onClick={onRetry}>
            {t('host.settings_retry')}
          </button>
        </p>
      ) : (
        <p class="lqa-hint" role="status">
          {t('host.settings_loading')}
        </p>
      )}
    </div>
  );
}

/** One opening of the modal: its body, our notice (drawn by this bundle's Preact), whether the page was drawn. */
interface Opening {
  $modalBody?: JQueryLike;
  notice: HTMLElement;
  drawn: boolean;
}

export function createSettingsShell({ loadModule, host }: SettingsShellOptions): SettingsShell {
  const { t, doc } = host;
  let opening: Opening | null = null;

  /** The modal, loaded once; a failed load is forgotten, so the next open, retry or save tries again. */
  const modal = new LoadOnce<SettingsModal>(() =>
    loadModule().then((value) => {
      if (!isSettingsModule(value)) throw new Error('settings.js did not define the settings module');
      return value.createSettingsModal(host);
    }),
  );

  const notice = (o: Opening, state: 'loading' | 'failed' | null) =>
    render(
      state && <ModuleNotice t={t} failed={state === 'failed'} onRetry={() => drawWhenLoaded(o)} />,
      o.notice,
    );

  const drawWhenLoaded = (o: Opening) => {
    notice(o, 'loading');
    modal.get().then(
      (loaded) => {
        if (opening !== o) return; // closed or re-opened meanwhile
        notice(o, null);
        o.drawn = true;
        loaded.open(o.$modalBody);
      },
      () => {
        if (opening === o) notice(o, 'failed');
      },
    );
  };

  const close = () => {
    if (opening) {
      render(null, opening.notice);
      opening.notice.remove();
      opening = null;
    }
    modal.value?.close();
  };

  return {
    open($modalBody) {
      close();
      // The notice goes where the page will be: our field's div, else the modal body.
      const code = host.widgetCode();
      const where =
        (code && doc.getElementById(`${code}_custom_content`)) ||
        ($modalBody?.[0] as HTMLElement | undefined);
      if (!where) return true;
      const o: Opening = { $modalBody, notice: doc.createElement('div'), drawn: false };
      where.append(o.notice);
      opening = o;
      drawWhenLoaded(o);
      return true;
    },

    save(event) {
      // Disabling must never wait for (or fail on) the settings page.
      if (isDisabling(event?.active)) return true;
      const o = opening;
      return modal.get().then(
        (loaded) => loaded.save(event),
        () => {
          if (o && opening === o && !o.drawn) notice(o, 'failed');
          throw new Error(t('host.settings_unchecked'));
        },
      );
    },

    close,
  };
}
