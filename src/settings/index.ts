export { SettingsPage } from './SettingsPage';
export type { SettingsPageProps } from './SettingsPage';
export { validateSettings } from './validate';
export { parseSettings, serializeSettings, DEFAULT_SETTINGS } from './schema';
