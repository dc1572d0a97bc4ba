// What the host uses of the settings page. The schema (parseSettings, DEFAULT_SETTINGS, the types) is imported
// from '../contracts/settings' directly.
export { SettingsPage } from './SettingsPage';
export type { SettingsPageProps } from './SettingsPage';
export { validateSettings } from './validate';
export type { SettingsErrors, SettingsField } from './validate';
