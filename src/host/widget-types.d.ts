// The amoCRM / Kommo widget runtime, as the vendor's pages describe it (PLATFORM.md §4–§6).
// The registry has no such package: tsconfig `paths` maps `@amocrm/widget-types` onto this file.
// Each member says what the platform guarantees; "UNCONFIRMED" marks what the docs leave open.

/** Screen codes of `system().area` (vendor page integrations/areas.md). */
export type WidgetArea =
  | 'lcard'
  | 'ccard'
  | 'comcard'
  | 'cucard'
  | 'llist'
  | 'clist'
  | 'culist'
  | 'tlist'
  | 'settings'
  | 'advanced_settings'
  | 'digital_pipeline'
  | 'lead_sources'
  | 'everywhere'
  | (string & {});

/** `self.system()`: only area, amouser_id and amouser are documented. */
export interface WidgetSystem {
  /** Code of the screen the widget runs in. */
  area: WidgetArea;
  /** Current user's id. */
  amouser_id?: number | string;
  /** Current user's login (e-mail). */
  amouser?: string;
  /** Account subdomain (seen in practice, not documented). */
  subdomain?: string;
  [key: string]: unknown;
}

/** `self.params` / `self.get_settings()`: platform values plus the saved settings fields. */
export interface WidgetParams {
  /** Base URL of the widget's files, no trailing slash. */
  path: string;
  /** The widget code amoCRM assigned to this installation (random; never hard-code it). */
  widget_code: string;
  /** manifest.json `widget.version`. */
  version: string;
  /** Install status as the settings form knows it (UNCONFIRMED shape). */
  status?: string;
  /** Saved settings fields by code; a `custom` field holds a JSON string. */
  [field: string]: unknown;
}

/** Options of `self.render_template` for the right-column block. */
export interface RenderTemplateOptions {
  /** Class of the header caption (amoCRM shows the widget logo in it). */
  caption?: { class_name?: string; [key: string]: unknown };
  /** Markup placed in the block's body. */
  body: string;
  /** A twig template rendered with `data` (empty for plain markup). */
  render: string;
  [key: string]: unknown;
}

/** The `$modal_body` handed to `settings`: a jQuery collection. Only what we use is declared. */
export interface JQueryLike {
  length: number;
  [index: number]: HTMLElement;
  find(selector: string): JQueryLike;
  trigger(event: string): JQueryLike;
}

/** What amoCRM mixes into the object our constructor builds (system Widget methods). */
export interface WidgetSystemMethods {
  /** Runtime facts about the current screen and user. */
  system(): WidgetSystem;
  /** Platform params plus saved settings. */
  params: WidgetParams;
  /** Saved settings plus widget_code, path, version. */
  get_settings(): WidgetParams;
  /** Merges values into the saved settings (client-side). */
  set_settings(values: Record<string, unknown>): void;
  /** manifest.json version. */
  get_version(): string;
  /** `installed | install | not_configured`. */
  get_install_status(): string;
  /** A string or a sub-object of the active locale file; falsy when the key is missing. */
  i18n(key: string): unknown;
  /** The whole active locale object. */
  langs: Record<string, unknown>;
  /** Places the block (with the header showing our logo) into the card's widgets column. */
  render_template(options: RenderTemplateOptions, data?: Record<string, unknown>): void;
  /**
   * Subscribes to live messages of a channel (`leads:card:<id>`); RETURNS the unsubscribe function. `keys` is a
   * FILTER PATH into the raw message (§4a): `[]` hears every message; the callback gets `message.body.payload`.
   * Throws synchronously on a non-string channel, non-array keys or a non-function callback.
   */
  listenSocketChannel(channel: string, keys: string[], callback: (payload: unknown) => void): (() => void) | undefined;
  /** The open card's contacts from the page's own data, no request (§4a); no `is_main` flag. */
  get_current_card_contacts_data?(): Promise<CardContactData[]>;
}

/** One contact of the open card as `get_current_card_contacts_data` gives it. */
export interface CardContactData {
  id: number | string;
  name?: string;
  first_name?: string;
  last_name?: string;
  [key: string]: unknown;
}

/** `onSave` argument: the settings form's values and whether the widget stays active. */
export interface SaveEvent {
  fields: Record<string, unknown>;
  active?: 'Y' | 'N' | boolean | string;
}

/** Callbacks amoCRM calls with `this` left undefined (keep a `self`). */
export interface WidgetCallbacks {
  /** First call in an area, and the only call when the area is entered again on a live instance (§4a). */
  render(): boolean;
  /** Right after a truthy render (after a returned Promise resolves, i.e. after bind_actions then). */
  init(): boolean;
  /** After render in every case, even a falsy one (§4a). */
  bind_actions(): boolean;
  /** The settings modal opened; `$modal_body` is its body. */
  settings($modal_body?: JQueryLike): boolean | void;
  /** "Save"/"Install" or disabling in the modal; true or a Promise, rejecting blocks the save. */
  onSave(event: SaveEvent): boolean | Promise<boolean>;
  /** Leaving the area (card closed or switched), or the widget disabled. */
  destroy(): void;
  /** The advanced settings page opened (render into `#work-area-<widget_code>`). */
  advancedSettings?(): boolean | void;
  [name: string]: unknown;
}

/** The object our AMD constructor returns, after amoCRM mixed its methods in. */
export interface Widget extends WidgetSystemMethods {
  callbacks: WidgetCallbacks;
}

/** A Backbone model of the card form, including unsaved edits (read only). */
export interface CardModel {
  get?(attribute: string): unknown;
  [key: string]: unknown;
}

/** `APP.data.current_card`: false outside cards; id 0 on a new, unsaved card. */
export interface CurrentCard {
  id: number | string;
  model?: CardModel;
  [key: string]: unknown;
}

/** The `APP` global (`AMOCRM` is its deprecated alias). Read it, never write it. */
export interface AmoApp {
  data: { current_card?: CurrentCard | false | null; [key: string]: unknown };
  /** `leads`, `contacts`, … */
  getBaseEntity?(): string;
  isCard?(): boolean;
  /** `leads_card`, … */
  getWidgetsArea?(): string;
  /** The user's language: ru, en, es, pt (Kommo: also tr, id). */
  lang_id?: string;
  /**
   * `user`, `account`, `user_rights` (undocumented shape), `managers` ({ "<user id>": {id, title = the name,
   * login, active, is_admin "Y"/"N", ...} }, §4a), `groups`.
   */
  constant?(name: string): unknown;
  notifications?: {
    show_message?(message: { header: string; text: string; [key: string]: unknown }): void;
    add_error?(message: { header: string; text: string; [key: string]: unknown }): void;
  };
  [key: string]: unknown;
}

/** jQuery as the host provides it to `define(["jquery"], …)`: `ajax`, and `$(document).trigger(...)`. */
export interface HostJQuery {
  ajax(settings: Record<string, unknown>): unknown;
  (selector: unknown): unknown;
}

/**
 * RequireJS's local `require`, which the host gives an AMD module that lists `"require"` among its `define`
 * deps: a relative id resolves against that module's own id (for script.js, its URL). Only the async form is used:
 * `onLoad` gets the modules, `onError` a load, timeout or factory error (PLATFORM.md §4a).
 */
export type AmdRequire = (
  ids: string[],
  onLoad: (...modules: unknown[]) => void,
  onError?: (error: unknown) => void,
) => void;
