import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { sqlArray } from "../../db/arrays.js";
import { rowsOf } from "../../db/rows.js";
import { MATCH_RULES, type DuplicateReason } from "./identity.rules.js";

// Han characters: Chinese names are compared character by character, Latin names word by word.
const HAN_PATTERN = "'[\\u3400-\\u9fff]'";
const HAN = sql.raw(HAN_PATTERN);

/**
 * The name as the match rules compare it: Chinese names without spaces and separator dots
 * (王 小明 = 王小明, 阿卜杜·热合曼 = 阿卜杜热合曼); Latin names lower-cased, punctuation dropped
 * and words sorted, so "Smith, John" = "john smith".
 */
const normalisedName = (column: string) =>
  sql.raw(`case when ${column} ~ ${HAN_PATTERN}
  then regexp_replace(${column}, '[[:space:]·•.]', '', 'g')
  else array_to_string(array(select w from unnest(regexp_split_to_array(lower(regexp_replace(${column}, '[^[:alnum:][:space:]]', '', 'g')), '[[:space:]]+')) w where w <> '' order by w), ' ')
  end`);
const NORMALISED_NAME = normalisedName("name");

/** A pair a steward marked "not a duplicate" is never listed again (both refreshes use this). */
const NOT_DISMISSED = sql.raw("not exists (select 1 from duplicate_dismissals x where x.customer_a = s.a and x.customer_b = s.b)");

const weights = () => {
  const reasons = Object.keys(MATCH_RULES) as DuplicateReason[];
  return { reasons, weights: reasons.map((r) => MATCH_RULES[r].weight) };
};

/**
 * One set-based pass over every live record (not merged, not erased): exact matches by hash join
 * on the identifier, fuzzy ones blocked by birth date and the name's first character, scored by
 * the rules' weights, upserted, and pairs no longer matching removed. Answers the pair count.
 */
export async function refreshDuplicateCandidates(db: DbOrTx, minScore: number): Promise<{ pairs: number }> {
  const { reasons, weights: w } = weights();
  return db.transaction(async (tx) => {
    // The transaction's start, at the column's millisecond precision: every pair upserted here carries it; older ones no longer match.
    const stamp = sql`date_trunc('milliseconds', now())`;
    // The live records with their normalised names, analysed, so the planner sees their size and
    // hash-joins them (over a CTE without statistics it nests loops: n² comparisons).
    await tx.execute(sql`create temporary table live on commit drop as
      select id, national_id, phone, lower(email) as email, birth_date, city, ${NORMALISED_NAME} as nname
      from customers where merged_into is null and erased_at is null`);
    await tx.execute(sql`analyze live`);
    await tx.execute(sql`
      with matches as (
        select a.id as a, b.id as b, 'NATIONAL_ID' as reason from live a join live b on a.national_id = b.national_id and a.id < b.id
        union all
        select a.id, b.id, 'PHONE' from live a join live b on a.phone = b.phone and a.id < b.id
        union all
        select a.id, b.id, 'EMAIL' from live a join live b on a.email = b.email and a.id < b.id
        union all
        select a.id, b.id, 'NAME_BIRTH_CITY' from live a join live b
          on a.nname = b.nname and a.birth_date = b.birth_date and a.city = b.city and a.id < b.id
        union all
        select a.id, b.id, 'SIMILAR_NAME_BIRTH' from live a join live b
          on a.birth_date = b.birth_date and left(a.nname, 1) = left(b.nname, 1) and a.id < b.id and a.nname <> b.nname
        where case when a.nname ~ ${HAN} and b.nname ~ ${HAN}
          then length(a.nname) = length(b.nname)
            and (select count(*) from generate_series(1, length(a.nname)) i where substr(a.nname, i, 1) <> substr(b.nname, i, 1)) <= 1
          else similarity(a.nname, b.nname) >= 0.6 end
      ),
      scored as (
        select m.a, m.b, least(100, sum(r.weight))::int as score, array_agg(distinct m.reason order by m.reason) as reasons
        from matches m join unnest(${sqlArray(reasons, "text")}, ${sqlArray(w, "int")}) as r(reason, weight) on r.reason = m.reason
        group by m.a, m.b
      )
      insert into duplicate_candidates (customer_a, customer_b, score, reasons, refreshed_at)
      select a, b, score, reasons, ${stamp} from scored s where score >= ${minScore} and ${NOT_DISMISSED}
      on conflict (customer_a, customer_b) do update set score = excluded.score, reasons = excluded.reasons, refreshed_at = excluded.refreshed_at`);
    await tx.execute(sql`delete from duplicate_candidates where refreshed_at < ${stamp}`);
    const [count] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from duplicate_candidates`));
    return { pairs: count!.n };
  });
}

export interface CandidateRow {
  customerA: string;
  customerB: string;
  score: number;
  reasons: DuplicateReason[];
}

/**
 * A page of candidates as one caller may see them: only the reasons whose fields it reads in
 * full count (score included), pairs with none left are not listed, and both records must be
 * live and pass the caller's customer condition. Ordered by that score, keyset on (score, a, b).
 */
export async function selectCandidatePage(
  db: DbOrTx,
  p: { visible: DuplicateReason[]; customerCondition?: SQL; from?: { score: number; a: string; b: string }; backward?: boolean; limit: number },
): Promise<CandidateRow[]> {
  const { reasons, weights: w } = weights();
  const live = (alias: string) => sql`exists (select 1 from customers where customers.id = ${sql.raw(alias)} and customers.merged_into is null
    and customers.erased_at is null${p.customerCondition ? sql` and ${p.customerCondition}` : sql``})`;
  // A backward page reads the reversed order from its `before` position (graphql/connection.ts windowed).
  const from = p.from ? sql`where (x.score, x.customer_a, x.customer_b) ${sql.raw(p.backward ? ">" : "<")} (${p.from.score}, ${p.from.a}::uuid, ${p.from.b}::uuid)` : sql``;
  const dir = sql.raw(p.backward ? "asc" : "desc");
  const result = await db.execute(sql`
    select x.customer_a as "customerA", x.customer_b as "customerB", x.score, x.reasons from (
      select d.customer_a, d.customer_b,
        array(select r from unnest(d.reasons) r where r = any(${sqlArray(p.visible, "text")}) order by r) as reasons,
        (select least(100, coalesce(sum(r.weight), 0))::int from unnest(${sqlArray(reasons, "text")}, ${sqlArray(w, "int")}) as r(reason, weight)
          where r.reason = any(d.reasons) and r.reason = any(${sqlArray(p.visible, "text")})) as score
      from duplicate_candidates d
      where d.reasons && ${sqlArray(p.visible, "text")} and ${live("d.customer_a")} and ${live("d.customer_b")}
    ) x ${from}
    order by x.score ${dir}, x.customer_a ${dir}, x.customer_b ${dir}
    limit ${p.limit}`);
  return rowsOf<CandidateRow>(result);
}

export async function deleteCandidatesOf(db: DbOrTx, customerIds: readonly string[]) {
  await db.execute(sql`delete from duplicate_candidates where customer_a = any(${sqlArray(customerIds, "uuid")}) or customer_b = any(${sqlArray(customerIds, "uuid")})`);
}

/**
 * The match rules for the records just written only (a create, an update, an import batch): each
 * touched live record against every live record, through the same rules and weights as the full
 * pass, so candidates appear as data arrives instead of at the next `tessera duplicates refresh`.
 * Exact reasons join on the compared column; fuzzy ones are blocked by birth date. Pairs of a
 * touched record that no longer match are removed. Runs inside the writer's transaction.
 */
export async function refreshCandidatesOf(tx: DbOrTx, customerIds: readonly string[], minScore: number): Promise<void> {
  if (!customerIds.length) return;
  const { reasons, weights: w } = weights();
  const ids = sqlArray(customerIds, "uuid");
  const stamp = sql`date_trunc('milliseconds', now())`;
  const live = sql`c.merged_into is null and c.erased_at is null`;
  await tx.execute(sql`
    with touched as (
      select c.id, c.national_id, c.phone, lower(c.email) as email, c.birth_date, c.city, ${normalisedName("c.name")} as nname
      from customers c where c.id = any(${ids}) and ${live}
    ),
    near as (
      select t.id as t, c.id as c, t.nname as tn, ${normalisedName("c.name")} as cn, t.city = c.city as same_city
      from touched t join customers c on c.birth_date = t.birth_date and c.id <> t.id and ${live}
    ),
    matches as (
      select t.id as t, c.id as c, 'NATIONAL_ID' as reason from touched t join customers c on c.national_id = t.national_id and c.id <> t.id and ${live}
      union all
      select t.id, c.id, 'PHONE' from touched t join customers c on c.phone = t.phone and c.id <> t.id and ${live}
      union all
      select t.id, c.id, 'EMAIL' from touched t join customers c on lower(c.email) = t.email and c.id <> t.id and ${live}
      union all
      select t, c, 'NAME_BIRTH_CITY' from near where tn = cn and same_city
      union all
      select t, c, 'SIMILAR_NAME_BIRTH' from near where left(tn, 1) = left(cn, 1) and tn <> cn
        and case when tn ~ ${HAN} and cn ~ ${HAN}
          then length(tn) = length(cn)
            and (select count(*) from generate_series(1, length(tn)) i where substr(tn, i, 1) <> substr(cn, i, 1)) <= 1
          else similarity(tn, cn) >= 0.6 end
    ),
    pairs as (select distinct least(t, c) as a, greatest(t, c) as b, reason from matches),
    scored as (
      select p.a, p.b, least(100, sum(r.weight))::int as score, array_agg(p.reason order by p.reason) as reasons
      from pairs p join unnest(${sqlArray(reasons, "text")}, ${sqlArray(w, "int")}) as r(reason, weight) on r.reason = p.reason
      group by p.a, p.b
    )
    insert into duplicate_candidates (customer_a, customer_b, score, reasons, refreshed_at)
    select a, b, score, reasons, ${stamp} from scored s where score >= ${minScore} and ${NOT_DISMISSED}
    on conflict (customer_a, customer_b) do update set score = excluded.score, reasons = excluded.reasons, refreshed_at = excluded.refreshed_at`);
  await tx.execute(sql`delete from duplicate_candidates where (customer_a = any(${ids}) or customer_b = any(${ids})) and refreshed_at < ${stamp}`);
}

/** Records the decision that `a` and `b` (a < b) are two customers, and drops their candidate row. */
export async function dismissPair(tx: DbOrTx, a: string, b: string, by: string): Promise<void> {
  await tx.execute(sql`insert into duplicate_dismissals (customer_a, customer_b, dismissed_by) values (${a}, ${b}, ${by}) on conflict do nothing`);
  await tx.execute(sql`delete from duplicate_candidates where customer_a = ${a} and customer_b = ${b}`);
}
