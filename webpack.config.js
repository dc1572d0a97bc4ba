// Builds the archive's two AMD modules, each ONE anonymous define (RequireJS needs it anonymous):
//   widget/script.js   src/index.ts           what a lead card needs: define(["jquery", "require"], factory)
//   widget/settings.js src/settings/index.ts  the settings page, which script.js requires ("./settings.js") only
//                                             when the settings modal opens or onSave needs it
// Each bundles what it uses (Preact and the src/ui parts live in both): two small files instead of the settings
// page in every card. No lazy chunks or injected scripts (moderation: external scripts only through define deps).
// Minification (readable, unmangled) happens afterwards in scripts/build.js, so this config stays plain.
const path = require('path');

const amdModule = (env, { entry, filename, externals }) => ({
  name: filename,
  mode: env.dev ? 'development' : 'production',
  entry: path.resolve(__dirname, entry),
  target: ['web', 'es2020'],
  devtool: false,
  output: {
    path: path.resolve(__dirname, env.outDir || 'widget'),
    filename,
    // No `name`: an anonymous define; `export: 'default'` returns the default export itself.
    library: { type: 'amd', export: 'default' },
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

/** The archive's AMD modules, in the order scripts/build.js and the validator name them. */
const MODULES = [
  // jQuery and RequireJS's local `require` are the host's, handed over as define deps.
  { entry: 'src/index.ts', filename: 'script.js', externals: { jquery: 'jquery', require: 'require' } },
  { entry: 'src/settings/index.ts', filename: 'settings.js', externals: {} },
];

module.exports = (env = {}) => MODULES.map((module) => amdModule(env, module));
module.exports.MODULES = MODULES;
