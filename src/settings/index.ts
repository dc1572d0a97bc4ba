// The entry of settings.js, the archive's second AMD module: webpack turns this default export into
// define([], () => settingsModule). script.js requires it only when the settings modal opens or onSave needs it,
// so a lead card never loads the settings page. It bundles its own copy of Preact and of the src/ui parts it
// uses: two small bundles are cheaper than the settings page in every card.
import { h, render } from 'preact';
import type { SettingsModule } from '../contracts/settings-module';
import { SettingsPage } from './SettingsPage';
import { validateSettings } from './validate';

const settingsModule: SettingsModule = {
  mountSettingsPage(el, { onChange, ...options }) {
    // Rendering again with the same component keeps the page's state: showErrors only adds the messages.
    const draw = (showErrors: boolean) =>
      render(h(SettingsPage, { ...options, showErrors, onChange: (json: string) => onChange(json) }), el);
    draw(false);
    return { showErrors: () => draw(true), unmount: () => render(null, el) };
  },
  // Without the account's pipelines, as before settings.js existed: a save never waits for (or fails on) a request.
  validateSettings: (settings) => validateSettings(settings),
};

export default settingsModule;
