// A file or a reference list the widget loads when it is first needed (move-step.js, settings.js, the field rules).

/**
 * Loads once: a success is kept (and readable at once as `value`), a failure forgotten, so the next call tries
 * again. Callers that ask while a load is on its way share it.
 */
export class LoadOnce<T> {
  value: T | null = null;
  private loading: Promise<T> | null = null;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    this.loading ??= this.load().then(
      (value) => (this.value = value),
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }
}
