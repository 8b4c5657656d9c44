import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { settings } from "./settings.table.js";

export async function getSetting(db: DbOrTx, key: string): Promise<string | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

/** Sets a value only if the key is absent, and answers whichever value won (safe across replicas). */
export async function getOrInitSetting(db: DbOrTx, key: string, init: () => string): Promise<string> {
  await db.insert(settings).values({ key, value: init() }).onConflictDoNothing();
  return (await getSetting(db, key))!;
}

export async function setSetting(db: DbOrTx, key: string, value: string) {
  await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}
