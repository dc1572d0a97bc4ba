// Builds the archive's three AMD modules, each ONE anonymous define (RequireJS needs it anonymous):
//   widget/script.js    src/index.ts                     what a lead card needs on open:
//                                                        define(["jquery", "require"], factory)
//   widget/move-step.js src/lead-panel/move-step/index.ts the stage-move step (loss reason, required fields), which
//                                                        script.js requires ("./move-step.js") when a move may
//                                                        need it; a factory given script.js's Preact
//   widget/settings.js  src/settings-modal.tsx           the settings modal (our field, the settings page, the
//                                                        check of a save), which script.js requires
//                                                        ("./settings.js") only when the modal opens or onSave
//                                                        needs it
// settings.js bundles its own Preact (it draws its own tree); move-step.js must not (it draws inside the panel's
// tree), so a value import of Preact there fails the build. No lazy chunks or injected scripts (moderation:
// external scripts only through define deps). webpack emits each as an ES module; scripts/build.js writes the
// define around it (webpack's own AMD output carries a module runtime of 0.4 KB gzip that nothing here needs) and
// minifies it readably (unmangled), so this config stays plain.
const path = require('path');

const amdModule = (env, { entry, filename, externals = {} }) => ({
  name: filename,
  mode: env.dev ? 'development' : 'production',
  entry: path.resolve(__dirname, entry),
  target: ['web', 'es2020'],
  devtool: false,
  // An ES module whose only export is the default one: scripts/build.js turns it into the anonymous define.
  experiments: { outputModule: true },
  output: {
    path: path.resolve(__dirname, env.outDir || 'widget'),
    filename,
    module: true,
    library: { type: 'module' },
    asyncChunks: false,
    clean: false,
  },
  externals,
  resolve: {
    extensions: ['.ts', '.tsx', '.js'],
  },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: { loader: 'ts-loader', options: { transpileOnly: true, configFile: path.resolve(__dirname, 'tsconfig.json') } },
      },
    ],
  },
  optimization: {
    minimize: false,
    splitChunks: false,
    runtimeChunk: false,
    concatenateModules: true,
    usedExports: true,
    sideEffects: true,
  },
  performance: { hints: false },
  stats: 'errors-warnings',
});

/** move-step.js renders inside script.js's Preact tree: its files may import 'preact' for types only. */
function noPreact({ request }, callback) {
  if (/^preact(\/|$)/.test(request)) {
    return callback(new Error(`move-step.js imports "${request}": use the Preact the factory receives (import type only)`));
  }
  return callback();
}

/** The archive's AMD modules, in the order scripts/build.js and the validator name them. */
const MODULES = [
  // The host's jQuery and RequireJS's local `require` are define deps: src/index.ts's default export is a factory
  // that receives them (scripts/build.js calls it with them) and returns the widget's constructor.
  { entry: 'src/index.ts', filename: 'script.js', amdDeps: ['jquery', 'require'] },
  { entry: 'src/lead-panel/move-step/index.ts', filename: 'move-step.js', externals: [noPreact] },
  { entry: 'src/settings-modal.tsx', filename: 'settings.js' },
];

module.exports = (env = {}) => MODULES.map((module) => amdModule(env, module));
module.exports.MODULES = MODULES;
