// AMD entry: webpack turns this module's default export into define(["jquery"], () => Constructor).
// amoCRM constructs it with `new`, mixes its system methods into the object, then calls this.callbacks.
import $ from 'jquery';
import type { Widget } from '@amocrm/widget-types';
import { createCallbacks } from './root';
// Still bundled into script.js for now: the next step makes it a second AMD module loaded through RequireJS.
import settingsModule from './settings';

/** A plain constructor function, not a class: amoCRM mixes its methods into the object it builds. */
function LeadQuickActionsWidget(this: Widget): Widget {
  this.callbacks = createCallbacks(this, $, { loadModule: () => Promise.resolve(settingsModule) });
  return this;
}

export default LeadQuickActionsWidget;
