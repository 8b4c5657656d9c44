import { env } from "../config/env.js";
import { openDatabase, type Database } from "./client.js";
import { migrate } from "./migrate.js";

/** Opens the configured database (DATABASE_URL or embedded PGlite under TESSERA_DATA_DIR) and migrates it. */
export async function openConfiguredDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  const { DATABASE_URL, TESSERA_DATA_DIR } = env();
  const database = await openDatabase({ url: DATABASE_URL, dataDir: TESSERA_DATA_DIR });
  if (options.migrate !== false) await migrate(database, DATABASE_URL);
  return database;
}
