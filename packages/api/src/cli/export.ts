/**
 * `tessera export <entity>`: every record of an entity the principal may see, as NDJSON or CSV,
 * streamed page by page. Each page is a GraphQL operation executed in this process through the
 * real schema and the privacy plugin, with that principal and purpose — so an export holds
 * exactly the customers and values that principal gets over GraphQL (visibility, masking,
 * consent), and every page is audited as that principal's read.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { ApolloServer } from "@apollo/server";
import { CATALOG, type CatalogType, type PersonalField } from "@tessera/schema/catalog";
import type { Command } from "commander";
import { getNamedType, isEnumType, isNonNullType, isScalarType, type GraphQLObjectType } from "graphql";
import { env } from "../config/env.js";
import type { Database } from "../db/client.js";
import { openConfiguredDatabase } from "../db/open.js";
import { createApollo } from "../graphql/apollo.js";
import { createContext, type Context } from "../graphql/context.js";
import { tesseraSchema } from "../graphql/schema.js";
import { selectPartner } from "../modules/partner/partner.queries.js";
import { partnerPrincipal } from "../modules/partner/partner.service.js";
import type { PartnerAppRow } from "../modules/partner/partner.table.js";
import { selectUserByUsername } from "../modules/user/user.queries.js";
import { Policy } from "../privacy/policy.js";
import { PURPOSES, SYSTEM_PRINCIPAL, type Principal, type Purpose } from "../privacy/principal.js";
import { TokenService } from "../privacy/tokens.js";
import { CliError } from "./cli-error.js";
import { csvCell } from "./import.js";

/** The API refused a page (its error code, e.g. FORBIDDEN), or the customer is not visible (NOT_FOUND). */
export class ExportRefused extends CliError {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** What each entity's pages are: the GraphQL type and where its connection lives. */
const ENTITIES = {
  customers: { type: "Customer", perCustomer: false },
  interactions: { type: "Interaction", perCustomer: true },
} as const;
export type ExportEntity = keyof typeof ENTITIES;
export const EXPORT_ENTITIES = Object.keys(ENTITIES) as ExportEntity[];

export interface ExportOptions {
  entity: ExportEntity;
  principal: Principal;
  purpose: Purpose;
  format: "ndjson" | "csv";
  out: Writable;
  /** interactions: whose. */
  customerId?: string;
}

/**
 * The columns an export writes: the type's leaf fields (scalars, enums and lists of them) that
 * this principal reads under this purpose — a field the policy withholds is not a column at all.
 */
export async function exportColumns(typeName: string, principal: Principal, purpose: Purpose): Promise<string[]> {
  const type = (await tesseraSchema()).getType(typeName) as GraphQLObjectType;
  const policy = new Policy(principal, purpose);
  const catalog = (CATALOG as Record<string, Record<string, PersonalField | { category: "NONE" }>>)[typeName];
  return Object.values(type.getFields())
    .filter((f) => {
      const leaf = getNamedType(f.type);
      if (!(isScalarType(leaf) || isEnumType(leaf)) || f.args.some((a) => isNonNullType(a.type))) return false;
      const entry = catalog?.[f.name];
      return !entry || entry.category === "NONE" || policy.decide(typeName as CatalogType, f.name, entry).treatment !== "NULL";
    })
    .map((f) => f.name);
}

export async function exportEntity(database: Database, options: ExportOptions, apollo?: ApolloServer<Context>): Promise<{ rows: number; pages: number }> {
  const { type, perCustomer } = ENTITIES[options.entity];
  const columns = await exportColumns(type, options.principal, options.purpose);
  const first = env().TESSERA_MAX_PAGE_SIZE;
  const connection = `pageInfo { hasNextPage endCursor } edges { node { ${columns.join(" ")} } }`;
  const query = perCustomer
    ? `query TesseraExport($id: ID!, $first: Int!, $after: String) { customer(id: $id) { ${options.entity}(first: $first, after: $after) { ${connection} } } }`
    : `query TesseraExport($first: Int!, $after: String) { ${options.entity}(first: $first, after: $after) { ${connection} } }`;
  const server = apollo ?? (await createApollo());
  const tokens = await TokenService.create(database.db, env().TESSERA_SECRET);
  const write = (text: string) => (options.out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => options.out.once("drain", () => resolve())));
  let after: string | null = null;
  let rows = 0;
  let pages = 0;
  try {
    for (;;) {
      const contextValue = createContext({ db: database.db, principal: options.principal, purpose: options.purpose, tokens, requestId: `export-${randomUUID()}` });
      const res = await server.executeOperation({ query, variables: { first, after, id: options.customerId } }, { contextValue });
      if (res.body.kind !== "single") throw new Error("unexpected incremental response");
      const { data, errors } = res.body.singleResult;
      if (errors?.length) throw new ExportRefused(`export refused: ${errors[0]!.message}`, String(errors[0]!.extensions?.code ?? "INTERNAL"));
      const page = (perCustomer ? (data?.customer as Record<string, unknown> | null)?.[options.entity] : data?.[options.entity]) as
        | { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Record<string, unknown> }[] }
        | undefined;
      if (!page) throw new ExportRefused(perCustomer ? `no customer ${options.customerId} visible to this principal` : "nothing to export", "NOT_FOUND");
      pages++;
      // The header only once the first page was allowed: a refused export writes nothing at all.
      if (pages === 1 && options.format === "csv") await write(`${columns.join(",")}\n`);
      for (const { node } of page.edges) {
        rows++;
        await write(options.format === "ndjson" ? `${JSON.stringify(node)}\n` : `${columns.map((c) => csvValue(node[c])).join(",")}\n`);
      }
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
      after = page.pageInfo.endCursor;
    }
  } finally {
    if (!apollo) await server.stop();
  }
  return { rows, pages };
}

function csvValue(value: unknown): string {
  if (value == null) return "";
  if (Array.isArray(value)) return csvCell(value.join("|"));
  if (typeof value === "object") return csvCell(JSON.stringify(value));
  return csvCell(String(value));
}

interface ExportCliOptions {
  out?: string;
  format?: string;
  as?: string;
  partner?: string;
  purpose?: string;
  customer?: string;
}

/** A partner app exporting from the server (no key of its own): its contract, as over GraphQL. */
export const exportPartnerPrincipal = (partner: PartnerAppRow) => partnerPrincipal(partner, "export");

/** The principal an export runs as: a console user (`--as`), a partner app (`--partner`), else the system. */
async function exportPrincipal(database: Database, options: ExportCliOptions): Promise<{ principal: Principal; purpose: Purpose }> {
  const purpose = (options.purpose ?? "SERVICE") as Purpose;
  if (!PURPOSES.includes(purpose)) throw new CliError(`--purpose must be one of ${PURPOSES.join(", ")}`, 2);
  if (options.as && options.partner) throw new CliError("give --as or --partner, not both", 2);
  if (options.partner) {
    if (!options.purpose) throw new CliError("--partner needs --purpose: a partner reads under one of its purposes", 2);
    const partner = await selectPartner(database.db, options.partner);
    if (!partner) throw new CliError(`--partner: no partner app "${options.partner}"`, 2);
    if (!partner.allowedPurposes.includes(purpose)) throw new CliError(`--purpose: ${partner.name} may read under ${partner.allowedPurposes.join(", ")} only`, 2);
    return { principal: exportPartnerPrincipal(partner), purpose };
  }
  if (options.as) {
    const user = await selectUserByUsername(database.db, options.as);
    if (!user) throw new CliError(`--as: no user named "${options.as}"`, 2);
    return { principal: { kind: "USER", id: user.id, name: user.username, role: user.role, clearance: user.clearance }, purpose };
  }
  return { principal: SYSTEM_PRINCIPAL, purpose };
}

export function registerExport(program: Command) {
  program
    .command("export")
    .description("Export what a principal may see of an entity, as NDJSON or CSV, streamed and audited as that principal's read")
    .argument("<entity>", EXPORT_ENTITIES.join("|"))
    .option("--out <file>", "write here (default: standard output)")
    .option("--format <format>", "ndjson or csv (default: from --out's name, else ndjson)")
    .option("--as <username>", "export as this console user: their role's view (analysts: pseudonymous)")
    .option("--partner <id|name>", "export as this partner app: exactly what it sees over GraphQL")
    .option("--purpose <purpose>", `purpose of the read (${PURPOSES.join(", ")}); default SERVICE, required with --partner`)
    .option("--customer <id>", "interactions: the customer whose history to export")
    .addHelpText(
      "after",
      [
        "",
        "Every page is one GraphQL read through the policy layer, audited as the principal's.",
        "",
        "Examples:",
        "  tessera export customers --out customers.csv --as analyst",
        "  tessera export customers --partner crm-app --purpose MARKETING --out marketing.ndjson",
        "  tessera export interactions --customer 3f2c…",
        "",
      ].join("\n"),
    )
    .action(async (entity: string, options: ExportCliOptions) => {
      if (!(EXPORT_ENTITIES as string[]).includes(entity)) throw new CliError(`unknown entity "${entity}"; one of ${EXPORT_ENTITIES.join(", ")}`, 2);
      const format = options.format ?? (options.out?.endsWith(".csv") ? "csv" : "ndjson");
      if (!["ndjson", "csv"].includes(format)) throw new CliError(`--format must be ndjson or csv, got "${format}"`, 2);
      if (ENTITIES[entity as ExportEntity].perCustomer && !options.customer) throw new CliError(`exporting ${entity} needs --customer <id>`, 2);
      const database = await openConfiguredDatabase();
      const out = options.out ? createWriteStream(options.out) : process.stdout;
      try {
        const { principal, purpose } = await exportPrincipal(database, options);
        const started = performance.now();
        const { rows } = await exportEntity(database, { entity: entity as ExportEntity, principal, purpose, format: format as "ndjson" | "csv", out, customerId: options.customer });
        const seconds = (performance.now() - started) / 1000;
        process.stderr.write(`Exported ${rows.toLocaleString("en-US")} ${entity} in ${seconds.toFixed(1)} s\n`);
      } finally {
        if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
        await database.close();
      }
    });
}
