// AMD entry. scripts/build.js writes script.js as define(["jquery", "require"], (jquery, require) => …) and calls
// this module's default export with those two deps: the host's jQuery and RequireJS's local `require`, through
// which the widget loads its other files (move-step.js when a stage move may need its step, settings.js for the
// settings modal). What it returns is the constructor amoCRM builds the widget with: it mixes its system methods
// into the object, then calls this.callbacks.
import type { AmdRequire, HostJQuery, Widget } from '@amocrm/widget-types';
import { createModuleLoader } from './host/module-loader';
import { createCallbacks } from './root';

export default function defineWidget($: HostJQuery, amdRequire: AmdRequire) {
  // One loader per page (script.js is evaluated once per page), like RequireJS's registry behind it.
  const loadModule = createModuleLoader(amdRequire);

  /** A plain constructor function, not a class: amoCRM mixes its methods into the object it builds. */
  return function LeadQuickActionsWidget(this: Widget): Widget {
    this.callbacks = createCallbacks(this, $, { loadModule });
    return this;
  };
}
