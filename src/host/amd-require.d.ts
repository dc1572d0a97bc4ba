// RequireJS's local `require` comes from the host page through define(["jquery", "require"], …): webpack maps this
// import onto that AMD dependency (webpack.config.js externals); nothing is bundled.
declare module 'require' {
  import type { AmdRequire } from '@amocrm/widget-types';
  const localRequire: AmdRequire;
  export default localRequire;
}
