import { problem, type Problem } from "@tessera/schema/problems";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { AppError, ErrorCode } from "../../graphql/errors.js";
import { MARKETING_CONTACT_CAP } from "./care.rules.js";

/**
 * The marketing contact cap (care.rules.ts MARKETING_CONTACT_CAP): a MARKETING contact at time t
 * is allowed while fewer than `maxContacts` MARKETING contacts of the customer fall in the
 * `windowDays` days before t. Interaction logging and ingestion call it inside their insert
 * transaction; care tasks use the same condition in SQL.
 */

const DAY_MS = 86_400_000;
// Namespace of the advisory locks that serialise marketing contacts per customer.
const CAP_LOCK = 7_236_503;

export interface CapRefusal {
  customerId: string;
  /** Contacts already in the window. */
  contacts: number;
  /** When the next marketing contact would be under the cap. */
  nextAllowedAt: Date;
  problem: Problem;
}

export interface MarketingContact {
  customerId: string;
  occurredAt: Date;
  /** An event re-delivered with a known externalId is a duplicate, not a new contact. */
  externalId?: string | null;
}

const windowMs = () => MARKETING_CONTACT_CAP.windowDays * DAY_MS;

function refusal(customerId: string, contacts: Date[], at: Date): CapRefusal {
  const { maxContacts, windowDays } = MARKETING_CONTACT_CAP;
  // The window falls below the cap once the maxContacts-th most recent contact leaves it.
  const recent = [...contacts].sort((a, b) => b.getTime() - a.getTime());
  const nextAllowedAt = new Date(recent[maxContacts - 1]!.getTime() + windowMs());
  return {
    customerId,
    contacts: recent.length,
    nextAllowedAt,
    problem: problem("MARKETING_CAP", { customerId, contacts: recent.length, windowDays, at: at.toISOString(), maxContacts, nextAllowedAt: nextAllowedAt.toISOString() }),
  };
}

/**
 * For each contact, the refusal when it would exceed the cap (null when allowed), counting the
 * contacts stored and the ones before it in the same list. Takes per-customer advisory locks for
 * the rest of the transaction, so two concurrent contacts cannot both take the last slot.
 */
export async function marketingCapRefusals(tx: DbOrTx, contacts: readonly MarketingContact[]): Promise<(CapRefusal | null)[]> {
  if (!contacts.length) return [];
  const customerIds = [...new Set(contacts.map((c) => c.customerId))].sort();
  await tx.execute(sql`select count(pg_advisory_xact_lock(${CAP_LOCK}::int, hashtext(id))) from (select unnest(${sqlTextArray(customerIds)}) as id order by 1) ids`);
  const times = contacts.map((c) => c.occurredAt.getTime());
  const from = new Date(Math.min(...times) - windowMs());
  const to = new Date(Math.max(...times));
  const externalIds = contacts.map((c) => c.externalId).filter((id): id is string => Boolean(id));
  const stored = rowsOf<{ customer_id: string; occurred_at: string | Date }>(
    await tx.execute(sql`select customer_id::text, occurred_at from interactions
      where customer_id = any(${sqlUuidArray(customerIds)}) and type = 'MARKETING'
        and occurred_at > ${from.toISOString()}::timestamptz and occurred_at <= ${to.toISOString()}::timestamptz`),
  );
  const known = externalIds.length
    ? new Set(rowsOf<{ external_id: string }>(await tx.execute(sql`select external_id from interactions where external_id = any(${sqlTextArray(externalIds)})`)).map((r) => r.external_id))
    : new Set<string>();
  const history = new Map<string, Date[]>();
  for (const row of stored) {
    const list = history.get(row.customer_id) ?? [];
    list.push(new Date(row.occurred_at));
    history.set(row.customer_id, list);
  }
  // Earlier contacts of the list count against later ones: process in time order.
  const order = contacts.map((_, i) => i).sort((a, b) => times[a]! - times[b]!);
  const result: (CapRefusal | null)[] = contacts.map(() => null);
  for (const i of order) {
    const contact = contacts[i]!;
    if (contact.externalId && known.has(contact.externalId)) continue;
    const at = contact.occurredAt;
    const list = history.get(contact.customerId) ?? [];
    const inWindow = list.filter((t) => t.getTime() > at.getTime() - windowMs() && t.getTime() <= at.getTime());
    if (inWindow.length >= MARKETING_CONTACT_CAP.maxContacts) {
      result[i] = refusal(contact.customerId, inWindow, at);
      continue;
    }
    list.push(at);
    history.set(contact.customerId, list);
  }
  return result;
}

/** Refuses one MARKETING contact over the cap with RATE_LIMITED, naming the cap and the next allowed date. */
export async function assertUnderMarketingCap(tx: DbOrTx, contact: MarketingContact, field = "input.type"): Promise<void> {
  const [refused] = await marketingCapRefusals(tx, [contact]);
  if (refused) {
    throw new AppError(ErrorCode.RATE_LIMITED, refused.problem.message, {
      field,
      cap: MARKETING_CONTACT_CAP.maxContacts,
      windowDays: MARKETING_CONTACT_CAP.windowDays,
      nextAllowedAt: refused.nextAllowedAt.toISOString(),
    });
  }
}

/** SQL: the customer (a uuid expression) is under the cap now, so marketing may contact them. */
export function underMarketingCapNow(customerId: SQL): SQL<boolean> {
  return sql<boolean>`((select count(*) from interactions cap where cap.customer_id = ${customerId} and cap.type = 'MARKETING'
    and cap.occurred_at > now() - make_interval(days => ${MARKETING_CONTACT_CAP.windowDays}) and cap.occurred_at <= now()) < ${MARKETING_CONTACT_CAP.maxContacts})`;
}

// Arrays travel as one text parameter (both drivers bind a string the same way) and are cast.
function sqlUuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}
function sqlTextArray(values: readonly string[]): SQL {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`}::text[]`;
}
