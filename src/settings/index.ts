export { SettingsPage } from './SettingsPage';
export type { SettingsPageProps } from './SettingsPage';
export { validateSettings, settingsWarnings } from './validate';
export type { SettingsErrors, SettingsField } from './validate';
export { isPixelVisitorUid } from './snippets';
export { parseSettings, serializeSettings, DEFAULT_SETTINGS } from './schema';
