// AMD entry: webpack turns this module's default export into define(["jquery", "require"], () => Constructor).
// amoCRM constructs it with `new`, mixes its system methods into the object, then calls this.callbacks.
// `require` is RequireJS's local require for script.js: through it the root loads settings.js, the settings page's
// own AMD module, only when the settings modal opens or a save needs it.
import $ from 'jquery';
import amdRequire from 'require';
import type { Widget } from '@amocrm/widget-types';
import { createModuleLoader } from './host/module-loader';
import { createCallbacks } from './root';

// One loader per page (this module is evaluated once per page), like RequireJS's registry behind it.
const loadModule = createModuleLoader(amdRequire);

/** A plain constructor function, not a class: amoCRM mixes its methods into the object it builds. */
function LeadQuickActionsWidget(this: Widget): Widget {
  this.callbacks = createCallbacks(this, $, { loadModule });
  return this;
}

export default LeadQuickActionsWidget;
