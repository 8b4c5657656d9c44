const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else can never match a row, and must never reach SQL as a uuid cast error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
