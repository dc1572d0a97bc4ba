// The settings modal, in settings.js (this file is its entry: webpack turns the default export into
// define([], () => settingsModule)). script.js loads it when the modal opens or a save needs it
// (src/settings-shell.tsx) and hands it the host's parts; here the host's field (src/host/settings-bridge.ts) meets
// the settings page (src/settings/) and a save is checked. A lead card never loads any of it.
import { parseSettings } from './contracts/settings';
import type { SettingsModal, SettingsModalHost, SettingsModule } from './contracts/settings-module';
import { createSettingsForm, type SettingsFormSlot } from './host/settings-bridge';
import { mountSettingsPage, validateSettings, type MountedSettingsPage } from './settings';

function createSettingsModal(host: SettingsModalHost): SettingsModal {
  const { t, doc } = host;
  const form = createSettingsForm(host);
  /** The open modal: our field and the page drawn into it. */
  let session: { slot: SettingsFormSlot; pageRoot: HTMLElement; page: MountedSettingsPage } | null = null;

  const close = () => {
    if (!session) return;
    const { page, pageRoot } = session;
    session = null;
    page.unmount();
    pageRoot.remove();
  };

  return {
    open($modalBody) {
      const slot = form.find($modalBody);
      if (!slot) return;
      close();
      const pageRoot = doc.createElement('div');
      slot.content.append(pageRoot);
      const page = mountSettingsPage(pageRoot, {
        t,
        api: host.api,
        initial: parseSettings(form.startValue(slot)),
        accountHost: host.accountHost(),
        onChange: (json) => form.write(slot, json),
      });
      session = { slot, pageRoot, page };
    },

    save(event) {
      const raw = form.saveValue(event, session?.slot ?? null);
      if (typeof raw === 'string' && raw.trim() !== '') {
        try {
          JSON.parse(raw);
        } catch {
          throw new Error(t('host.settings_corrupt'));
        }
      }
      // Without the account's pipelines: a save never waits for (or fails on) a request.
      const errors = validateSettings(parseSettings(raw));
      if (Object.keys(errors).length > 0) {
        session?.page.showErrors();
        throw new Error(t('host.settings_blocked'));
      }
      return true;
    },

    close,
  };
}

const settingsModule: SettingsModule = { createSettingsModal };

export default settingsModule;
