/** drizzle's execute() answers an array (postgres.js) or { rows } (PGlite); this reads either. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
export function firstRow<T>(result: unknown): T | undefined {
  return rowsOf<T>(result)[0];
}
