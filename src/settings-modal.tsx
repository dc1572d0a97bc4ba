// The settings modal as the composition root runs it: the host finds our field (src/host/settings-bridge.ts), the
// settings module draws the page and checks a save, and this file joins them across the module's late arrival.
// The module comes from `loadModule` (RequireJS in the widget, a fake in tests), so the modal must work while it
// is on its way, after it failed, and when it is the first thing the widget does on the page.
import { h, render } from 'preact';
import type { JQueryLike, SaveEvent } from '@amocrm/widget-types';
import type { ApiClient } from './api/types';
import type { Translate } from './contracts/services';
import { parseSettings, type WidgetSettings } from './contracts/settings';
import { isSettingsModule, type MountedSettingsPage, type SettingsModule } from './contracts/settings-module';
import { isDisabling, type SettingsForm, type SettingsFormSlot } from './host/settings-bridge';

export interface SettingsModalOptions {
  form: SettingsForm;
  /** Resolves with the settings module (unchecked: it comes from another file); rejects when it cannot load. */
  loadModule(): Promise<unknown>;
  t: Translate;
  api: Pick<ApiClient, 'getPipelines'>;
  accountHost(): string;
  doc: Document;
}

export interface SettingsModal {
  /** The `settings` callback: draws the page into our field, once the module is there. */
  open($modalBody?: JQueryLike): boolean;
  /** The `onSave` callback: resolves when the settings may be saved, rejects with the reason to show. */
  save(event: SaveEvent): boolean | Promise<boolean>;
  close(): void;
}

/** One opening of the modal: what the page starts from, and where the notice and the page go. */
interface Session {
  slot: SettingsFormSlot;
  initial: WidgetSettings;
  /** Our own notice (loading, failed): drawn by this bundle's Preact. */
  notice: HTMLElement;
  /** The page's root: drawn by the module's own Preact, so the two copies never share a container. */
  pageRoot: HTMLElement;
  page: MountedSettingsPage | null;
  /** A save was refused before the page was drawn: it shows the messages as soon as it is. */
  showErrors: boolean;
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

export function createSettingsModal(options: SettingsModalOptions): SettingsModal {
  const { form, t, doc } = options;
  let session: Session | null = null;
  let loading: Promise<SettingsModule> | null = null;

  /** The module, loaded once; a failed load is forgotten, so the next open, retry or save tries again. */
  const settingsModule = (): Promise<SettingsModule> => {
    if (!loading) {
      const attempt = options.loadModule().then((value) => {
        if (!isSettingsModule(value)) throw new Error('settings.js did not define the settings module');
        return value;
      });
      attempt.catch(() => {
        if (loading === attempt) loading = null;
      });
      loading = attempt;
    }
    return loading;
  };

  const notice = (s: Session, state: 'loading' | 'failed' | null) =>
    render(
      state && <ModuleNotice t={t} failed={state === 'failed'} onRetry={() => drawWhenLoaded(s)} />,
      s.notice,
    );

  const drawWhenLoaded = (s: Session) => {
    notice(s, 'loading');
    settingsModule()
      .then((module) => {
        if (session !== s) return; // closed or re-opened meanwhile
        notice(s, null);
        s.page = module.mountSettingsPage(s.pageRoot, {
          t,
          api: options.api,
          initial: s.initial,
          accountHost: options.accountHost(),
          onChange: (json) => form.write(s.slot, json),
        });
        if (s.showErrors) s.page.showErrors();
      })
      .catch(() => {
        if (session === s) notice(s, 'failed');
      });
  };

  const close = () => {
    if (!session) return;
    const { page, notice: noticeEl, pageRoot } = session;
    session = null;
    page?.unmount();
    render(null, noticeEl);
    noticeEl.remove();
    pageRoot.remove();
  };

  return {
    open($modalBody) {
      const slot = form.find($modalBody);
      if (!slot) return true;
      close();
      const s: Session = {
        slot,
        initial: parseSettings(form.startValue(slot)),
        notice: doc.createElement('div'),
        pageRoot: doc.createElement('div'),
        page: null,
        showErrors: false,
      };
      slot.content.append(s.notice, s.pageRoot);
      session = s;
      drawWhenLoaded(s);
      return true;
    },

    save(event) {
      // Disabling must never wait for (or fail on) the settings page.
      if (isDisabling(event?.active)) return true;
      const s = session;
      const raw = form.saveValue(event, s?.slot ?? null);
      return settingsModule().then(
        (module) => {
          if (typeof raw === 'string' && raw.trim() !== '') {
            try {
              JSON.parse(raw);
            } catch {
              throw new Error(t('host.settings_corrupt'));
            }
          }
          const errors = module.validateSettings(parseSettings(raw));
          if (Object.keys(errors).length > 0) {
            if (s) {
              s.showErrors = true;
              s.page?.showErrors();
            }
            throw new Error(t('host.settings_blocked'));
          }
          return true;
        },
        () => {
          if (s && session === s && !s.page) notice(s, 'failed');
          throw new Error(t('host.settings_unchecked'));
        },
      );
    },

    close,
  };
}
