// Builds src/index.ts into ONE anonymous AMD module, widget/script.js: define(["jquery"], factory).
// Minification (readable, unmangled) happens afterwards in scripts/build.js, so this config stays plain.
const path = require('path');

module.exports = (env = {}) => ({
  mode: env.dev ? 'development' : 'production',
  entry: path.resolve(__dirname, 'src/index.ts'),
  target: ['web', 'es2020'],
  devtool: false,
  output: {
    path: path.resolve(__dirname, env.outDir || 'widget'),
    filename: 'script.js',
    // No `name`: amoCRM's RequireJS needs an anonymous define; `export: 'default'` returns the constructor itself.
    library: { type: 'amd', export: 'default' },
    asyncChunks: false,
    clean: false,
  },
  externals: { jquery: 'jquery' },
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
