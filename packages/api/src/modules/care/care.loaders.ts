import { loaderFamily, rowsByCustomerId, type LoaderContext } from "../../graphql/loaders.js";
import { selectCareTasks } from "./care.queries.js";
import { upcomingHolidays, type CareTaskKind } from "./care.rules.js";

/** The care module's per-request loaders; tasks are released by the service (care.service.ts). */
export const careLoaders = (ctx: LoaderContext) => ({
  /**
   * The open care tasks of each customer as of `today`, of the kinds the caller may see: one
   * loader per (kinds, today), one statement per tick.
   */
  tasksByCustomerId: loaderFamily(({ kinds, today }: { kinds: readonly CareTaskKind[]; today: string }) =>
    rowsByCustomerId((ids) => selectCareTasks(ctx.db, { today, kinds, customerIds: ids, holidays: upcomingHolidays(today) })),
  ),
});
