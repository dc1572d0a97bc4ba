// Loads a file of the widget's folder as an AMD module through the host's RequireJS, the way the vendor's own
// widget loads its parts (PLATFORM.md §4a) — never an injected <script> or a webpack chunk (moderation §9).
// `require` is script.js's own AMD dependency, so a relative id resolves against script.js's URL; the id keeps
// `.js`, because RequireJS turns an extension-less relative id of a URL-loaded module into a URL without `.js`.
import type { AmdRequire } from '@amocrm/widget-types';

/** After this long without an answer a load counts as failed, even where the host set RequireJS's waitSeconds to 0. */
export const MODULE_TIMEOUT_MS = 20000;

/** `load(file, version)` → the module; rejects on a failed load, a throwing factory or a timeout. */
export type ModuleLoader = (file: string, version: string) => Promise<unknown>;

/**
 * Create one per page, as RequireJS keeps one registry per page: a failed id stays failed there for good (its
 * error is replayed at once), so every later attempt asks for the file under a new id (`&retry=N`).
 */
export function createModuleLoader(amdRequire: AmdRequire, timeoutMs = MODULE_TIMEOUT_MS): ModuleLoader {
  const failures = new Map<string, number>();
  return (file, version) => {
    const failed = failures.get(file) ?? 0;
    // `v=` busts the browser's cache on an upgrade, as script.js's own `?v=` does.
    const query = [version && `v=${encodeURIComponent(version)}`, failed > 0 && `retry=${failed}`].filter(
      Boolean,
    );
    const id = query.length ? `${file}?${query.join('&')}` : file;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (ok: boolean, value: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (ok) return resolve(value);
        failures.set(file, failed + 1);
        reject(value instanceof Error ? value : new Error(`${id} could not be loaded`));
      };
      const timer = setTimeout(
        () => settle(false, new Error(`${id}: no answer in ${timeoutMs} ms`)),
        timeoutMs,
      );
      try {
        amdRequire(
          [id],
          (module) => settle(true, module),
          (error) => settle(false, error),
        );
      } catch (error) {
        settle(false, error);
      }
    });
  };
}
