// jQuery comes from the host page through define(["jquery"], …); it is never bundled.
declare module 'jquery' {
  import type { HostJQuery } from '@amocrm/widget-types';
  const jQuery: HostJQuery;
  export default jQuery;
}
