import type { AuditCollector } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import { adminAudit } from "../partner/partner.service.js";
import { syncAudience } from "./audience.membership.js";
import { selectAudience, updateAudience } from "./audience.queries.js";

/**
 * Applies an approved AUDIENCE grant (grant.service): the audience goes live and its snapshot is
 * taken. Publication itself announces no member (the partner reads the members it now has);
 * entries and exits from here on are events. An audience unpublished meanwhile stays unpublished.
 */
export async function publishApproved(db: DbOrTx, audienceId: string, by: AuditCollector): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await selectAudience(tx, audienceId);
    if (!found || found.audience.status !== "PENDING") return;
    const audience = (await updateAudience(tx, audienceId, { status: "PUBLISHED", publishedAt: new Date() }))!;
    await syncAudience(tx, { ...found, audience });
    await by.write(tx, adminAudit([{ field: "audience", before: audienceId, after: audienceId }, { field: "status", before: "PENDING", after: "PUBLISHED" }]));
  });
}
