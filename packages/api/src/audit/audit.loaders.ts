import DataLoader from "dataloader";
import { byKey, loaderFamily, rowsByCustomerId, type LoaderContext } from "../graphql/loaders.js";
import { countAccessLogs, selectAccessLogs, type SeqWindow } from "./audit.queries.js";
import { sealPending } from "./seal.js";

/** The audit trail's per-request loaders; who may read a customer's access log is checked by audit.service.ts. */
export const auditLoaders = (ctx: LoaderContext) => ({
  /**
   * One window (first/after or last/before) of the sealed events naming each customer, newest
   * first: one loader per window, one read per tick. What is pending is sealed first, so that the
   * log shows the latest reads.
   */
  accessLogByCustomerId: loaderFamily((window: SeqWindow) =>
    rowsByCustomerId(async (ids) => {
      await sealPending(ctx.db, { wait: true });
      return selectAccessLogs(ctx.db, ids, window);
    }),
  ),
  /** How many sealed events name each customer; one statement per tick. */
  accessLogCountByCustomerId: new DataLoader<string, number>(async (ids) => byKey(ids, await countAccessLogs(ctx.db, ids), (r) => r.customerId).map((r) => r?.n ?? 0)),
});
