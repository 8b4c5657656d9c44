/**
 * Demo households (家庭): after the customers are written, each family-account holder (kind
 * FAMILY, on a family plan) becomes the head of a household, joined by individual customers of
 * the same city: a spouse of another surname and the opposite sex, of an age close to theirs
 * (Chinese wives keep their surname), and children or parents who share the head's surname and
 * are a generation apart. Heads on a FAMILY-* plan get it as the household's plan; the head,
 * the spouse and about half of the others hold a 亲情号码.
 *
 * Customers are read in pages of PAGE by id (ids are hashes, so every page mixes cities and
 * kinds) and families are formed within a page: memory stays bounded at any seed size, and the
 * same seed and reference day give the same households.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { rowsOf } from "../db/rows.js";
import { householdMembers, households } from "../db/schema.js";
import { hashString, Random } from "./random.js";

const PAGE = 4000;
const YEAR_MS = 365.25 * 86_400_000;

interface Person {
  id: string;
  kind: string;
  name: string;
  city: string | null;
  gender: string | null;
  birth: number | null;
  since: string | null;
  familyPlan: string | null;
}

/** The family name of a Chinese name (first character; the common two-character ones too), null for other names. */
export function surnameOf(name: string): string | null {
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(name)) return null;
  const double = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙"].find((s) => name.startsWith(s));
  return double ?? name[0]!;
}

const years = (a: Person, b: Person) => (a.birth != null && b.birth != null ? (a.birth - b.birth) / YEAR_MS : null);

export async function seedHouseholds(database: Database, seed: string, now: Date): Promise<{ households: number; members: number }> {
  const db = database.db;
  let after = "00000000-0000-0000-0000-000000000000";
  let page = 0;
  const total = { households: 0, members: 0 };
  for (;;) {
    const people = rowsOf<{ id: string; kind: string; name: string; city: string | null; gender: string | null; birth_date: string | null; since: string | null; family_plan: string | null }>(
      await db.execute(sql`select c.id, c.kind, c.name, c.city, c.gender, c.birth_date::text as birth_date,
          (select min(s.started_on)::text from subscriptions s where s.customer_id = c.id) as since,
          (select s.plan_id::text from subscriptions s join plans p on p.id = s.plan_id
            where s.customer_id = c.id and s.status = 'ACTIVE' and p.code in ('FAMILY-299', 'FAMILY-588') order by p.monthly_fee desc limit 1) as family_plan
        from customers c
        where c.id > ${after}::uuid and c.kind in ('INDIVIDUAL', 'FAMILY') and c.status in ('ACTIVE', 'SUSPENDED') and c.merged_into is null
          and not exists (select 1 from household_members hm where hm.customer_id = c.id and hm.left_on is null)
        order by c.id limit ${PAGE}`),
    ).map((r): Person => ({ id: r.id, kind: r.kind, name: r.name, city: r.city, gender: r.gender, birth: r.birth_date ? Date.parse(`${r.birth_date}T00:00:00Z`) : null, since: r.since, familyPlan: r.family_plan }));
    if (!people.length) break;
    after = people[people.length - 1]!.id;
    const random = new Random(hashString(seed), page++, 0x484f4d45); // "HOME": a stream apart from the customers'
    const taken = new Set<string>();
    const householdRows: (typeof households.$inferInsert)[] = [];
    const memberRows: (typeof householdMembers.$inferInsert)[] = [];
    const joinedOn = (p: Person) => {
      // On the head's books since they subscribed (or within the last five years), never in the future.
      const start = p.since ? Date.parse(`${p.since}T00:00:00Z`) : now.getTime() - 5 * YEAR_MS;
      return new Date(Math.min(now.getTime(), start + random.int(0, 365) * 86_400_000)).toISOString().slice(0, 10);
    };
    for (const head of people.filter((p) => p.kind === "FAMILY" && p.city)) {
      const surname = surnameOf(head.name);
      if (!surname || taken.has(head.id)) continue;
      const free = people.filter((p) => p.kind === "INDIVIDUAL" && p.city === head.city && !taken.has(p.id) && p.id !== head.id);
      const id = random.uuid();
      const joined = joinedOn(head);
      const family: { person: Person; role: "HEAD" | "SPOUSE" | "CHILD" | "PARENT" | "OTHER" }[] = [{ person: head, role: "HEAD" }];
      const spouse = random.chance(0.75)
        ? free.find((p) => surnameOf(p.name) !== surname && p.gender && head.gender && p.gender !== head.gender && Math.abs(years(p, head) ?? 99) <= 8)
        : undefined;
      if (spouse) family.push({ person: spouse, role: "SPOUSE" });
      for (const relative of free.filter((p) => surnameOf(p.name) === surname).slice(0, random.int(1, 2))) {
        // Years the relative was born after the head: a generation later is a child, earlier a parent.
        const gap = years(relative, head);
        if (gap == null) continue;
        family.push({ person: relative, role: gap >= 18 ? "CHILD" : gap <= -18 ? "PARENT" : "OTHER" });
      }
      // A household is a family: a head alone stays a family-account customer without one.
      if (family.length < 2) continue;
      householdRows.push({ id, name: `${surname}家`, planId: head.familyPlan });
      for (const { person, role } of family) {
        taken.add(person.id);
        memberRows.push({ householdId: id, customerId: person.id, role, familyNumber: role === "HEAD" || role === "SPOUSE" || random.chance(0.5), joinedOn: joined });
      }
    }
    if (householdRows.length) {
      await db.insert(households).values(householdRows);
      for (let i = 0; i < memberRows.length; i += 1000) await db.insert(householdMembers).values(memberRows.slice(i, i + 1000));
    }
    total.households += householdRows.length;
    total.members += memberRows.length;
  }
  return total;
}
