/**
 * Per-request DataLoader registry. Modules declare loaders as `(ctx) => registry.get(key, make)`,
 * so each request builds only the loaders it uses and caches never leak across requests.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, unknown>();

  get<T>(key: string, make: () => T): T {
    let loader = this.loaders.get(key) as T | undefined;
    if (!loader) {
      loader = make();
      this.loaders.set(key, loader);
    }
    return loader;
  }
}
