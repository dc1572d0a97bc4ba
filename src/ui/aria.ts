// Small ARIA helpers shared by the lead panel and the settings page.

/** Space-separated ids for aria-describedby (empty parts skipped), or undefined when none is left. */
export const describedBy = (...ids: (string | false | null | undefined)[]) =>
  ids.filter(Boolean).join(' ') || undefined;
