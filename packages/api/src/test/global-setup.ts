import { TEST_POSTGRES_URL } from "./database.js";
import { makePgliteSnapshot, makePostgresTemplate } from "./snapshot.js";

/** Once per test run, before any worker starts: the migrated snapshots every test file copies. */
export default async function setup(): Promise<void> {
  await makePgliteSnapshot();
  // Unreachable server: no template; the postgres project then fails in each file with the reason.
  await makePostgresTemplate(TEST_POSTGRES_URL);
}
