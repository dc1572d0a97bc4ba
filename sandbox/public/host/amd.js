// The modules amoCRM's page gives a widget's `define` (PLATFORM.md §4a): jquery, underscore, backbone, moment,
// twigjs, RequireJS's text plugin and lib/components/base/modal; plus the global Twig with its registry and the
// host's control templates (/tmpl/controls/*.twig) that self.render({ref}) renders.
import { host, hostFetch } from './state.js';
import { createModalClass } from './modal.js';

const CONTROL_TEMPLATES = [
  'button',
  'input',
  'textarea',
  'select',
  'checkbox',
  'checkboxes_dropdown',
  'checkboxes_dropdown/values_title',
];

/** Loads the host modules; resolves once jQuery and twig are in hand (the host uses both itself). */
export function loadHostModules() {
  requirejs.config({
    paths: {
      jquery: '/vendor/jquery',
      underscore: '/vendor/underscore',
      backbone: '/vendor/backbone',
      moment: '/vendor/moment',
      text: '/vendor/text',
      // A name no widget asks for: widgets get twig.js through `twigjs` below.
      'sandbox-vendor/twig': '/vendor/twig',
    },
  });
  // `twigjs` is the twig() function itself (widgets call twig({data})), with twig.js's other exports on it.
  define('twigjs', ['sandbox-vendor/twig'], function (Twig) {
    const twig = function (params) {
      return Twig.twig(params);
    };
    Object.keys(Twig).forEach(function (key) {
      twig[key] = Twig[key];
    });
    return twig;
  });
  define('lib/components/base/modal', ['jquery'], createModalClass);
  return new Promise(function (resolve, reject) {
    requirejs(
      ['jquery', 'twigjs', 'sandbox-vendor/twig'],
      function ($, twig, Twig) {
        // amoCRM's widgets read the global Twig (Twig.Templates.registry): twig.js's internal object is it.
        Twig.extend(function (internal) {
          window.Twig = internal;
        });
        host.$ = $;
        host.twig = twig;
        resolve();
      },
      reject,
    );
  }).then(registerControlTemplates);
}

/** The host's templates, registered under the ids widgets pass as {ref: '/tmpl/controls/<name>.twig'}. */
function registerControlTemplates() {
  return Promise.all(
    CONTROL_TEMPLATES.map(function (name) {
      const id = '/tmpl/controls/' + name + '.twig';
      return hostFetch(id)
        .then(function (r) {
          if (!r.ok) throw new Error(id + ': HTTP ' + r.status);
          return r.text();
        })
        .then(function (data) {
          host.twig({ id: id, data: data });
        });
    }),
  );
}
