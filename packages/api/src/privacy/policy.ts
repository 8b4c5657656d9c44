import {
  CATALOG,
  PER_CHANNEL_PURPOSES,
  applyMask,
  contactChannelsOf,
  identifierProfileEntry,
  staffTreatment,
  type CatalogType,
  type PersonalField,
  type Redaction,
  type Treatment,
} from "@tessera/schema/catalog";
import type { Principal, Purpose } from "./principal.js";
import { RedactionReport } from "./redactions.js";

export interface FieldDecision {
  field: string;
  entry: PersonalField;
  treatment: Treatment;
  reason?: Redaction;
}

/** What the policy needs to know about the customer a row belongs to. */
export interface Subject {
  erasedAt?: Date | null;
  processingRestricted?: boolean;
  /**
   * Under a per-channel purpose (MARKETING) for a partner: the contact channels the customer's
   * consent covers (privacy/scope.ts consentedChannelsColumn). Absent means none: a contact
   * value is then withheld (fail closed).
   */
  consentedChannels?: readonly string[] | null;
}

const STRICTNESS: Record<Treatment, number> = { FULL: 0, MASK: 1, NULL: 2 };

function personalFields(type: CatalogType): [string, PersonalField][] {
  return Object.entries(CATALOG[type]).filter((e): e is [string, PersonalField] => e[1].category !== "NONE");
}

/** Partner allowlists name fields as `Type.field` or `Type.*`; a bare name means a Customer field. */
function allowlistCovers(allowlist: readonly string[], type: string, field: string): boolean {
  return allowlist.some((entry) => {
    const full = entry.includes(".") ? entry : `Customer.${entry}`;
    return full === `${type}.${field}` || full === `${type}.*`;
  });
}

/**
 * The one policy layer (SPEC §4.4), driven by the data catalog: how a principal under a purpose
 * sees each catalog field. Masking is applied once per row as rows leave the data layer, and
 * every masked or withheld value is counted in the request's redaction report. Services do not
 * call it directly: they go through the customer scope (privacy/scope.ts), which joins the
 * visibility condition into their SQL, checks the fields their arguments read and releases rows.
 */
export class Policy {
  readonly redactions = new RedactionReport();
  private readonly decisions = new Map<CatalogType, FieldDecision[]>();

  constructor(
    readonly principal: Principal,
    readonly purpose: Purpose,
  ) {}

  /** How this principal, under this purpose, sees one catalog field (before per-customer state). */
  decide(type: CatalogType, field: string, entry: PersonalField): FieldDecision {
    const p = this.principal;
    if (!entry.purposes.includes(this.purpose)) return { field, entry, treatment: "NULL", reason: "NOT_IN_SCOPE" };
    if (p.kind === "SYSTEM") return { field, entry, treatment: "FULL" };
    if (p.kind === "ANONYMOUS") return { field, entry, treatment: "NULL", reason: "NOT_IN_SCOPE" };
    if (p.kind === "PARTNER") {
      return allowlistCovers(p.fieldAllowlist, type, field) ? { field, entry, treatment: "FULL" } : { field, entry, treatment: "NULL", reason: "NOT_IN_SCOPE" };
    }
    const treatment = staffTreatment(p.role, entry);
    return treatment === "FULL" ? { field, entry, treatment } : { field, entry, treatment, reason: "MASKED_BY_ROLE" };
  }

  /** Decisions for every personal field of a type, computed once per request. */
  decisionsFor(type: CatalogType): FieldDecision[] {
    let list = this.decisions.get(type);
    if (!list) {
      list = personalFields(type).map(([field, entry]) => this.decide(type, field, entry));
      this.decisions.set(type, list);
    }
    return list;
  }

  /** True when the principal reads the field in full: only then may it filter or sort on it. */
  readsInFull(type: CatalogType, field: string): boolean {
    const entry = CATALOG[type][field as keyof (typeof CATALOG)[typeof type]] as PersonalField | { category: "NONE" } | undefined;
    if (!entry || entry.category === "NONE") return true;
    return this.decide(type, field, entry).treatment === "FULL";
  }

  /** True when contact fields are released per channel of consent: partners under MARKETING. */
  get channelGated(): boolean {
    return this.principal.kind === "PARTNER" && PER_CHANNEL_PURPOSES.includes(this.purpose);
  }

  /**
   * The decision for one field of one row: the field's own decision, made stricter by what the
   * row's value is. An identifier's value is also its profile field's value (catalog
   * IDENTIFIER_PROFILE_FIELD), so the stricter of the two decisions holds; a contact value under a
   * per-channel purpose needs the customer's consent for a channel it reaches.
   */
  private rowDecision(type: CatalogType, decision: FieldDecision, row: Record<string, unknown>, subject: Subject): FieldDecision {
    let result = decision;
    if (type === "Identifier" && decision.field === "value") {
      const profile = identifierProfileEntry(row.type);
      if (profile) {
        const mirror = this.decide("Customer", profile[0], profile[1]);
        if (STRICTNESS[mirror.treatment] > STRICTNESS[result.treatment]) result = { ...result, treatment: mirror.treatment, reason: mirror.reason };
      }
    }
    if (result.treatment !== "NULL" && this.channelGated) {
      const channels = contactChannelsOf(type, decision.field, row);
      if (channels && !channels.some((c) => subject.consentedChannels?.includes(c))) result = { ...result, treatment: "NULL", reason: "NO_CONSENT" };
    }
    return result;
  }

  /**
   * Masks one row leaving the data layer. An erased customer has no personal values for anyone;
   * a restricted one is used only to perform the contract (SERVICE).
   */
  shape<T extends object>(type: CatalogType, row: T, subject: Subject): T {
    const state: Redaction | undefined = subject.erasedAt ? "ERASED" : subject.processingRestricted && this.purpose !== "SERVICE" ? "RESTRICTED" : undefined;
    let shaped: Record<string, unknown> | undefined;
    for (const fieldDecision of this.decisionsFor(type)) {
      const decision = state ? fieldDecision : this.rowDecision(type, fieldDecision, row as Record<string, unknown>, subject);
      const treatment = state ? "NULL" : decision.treatment;
      if (treatment === "FULL") continue;
      shaped ??= { ...row } as Record<string, unknown>;
      const value = shaped[decision.field];
      shaped[decision.field] = treatment === "MASK" ? applyMask(decision.entry.mask, value, row as Record<string, unknown>) : null;
      if (value != null || state === "ERASED") this.redactions.add(`${type}.${decision.field}`, state ?? decision.reason!);
    }
    return (shaped as T | undefined) ?? row;
  }

  shapeAll<T extends object>(type: CatalogType, rows: readonly T[], subject: Subject | ((row: T) => Subject)): T[] {
    const subjectOf = typeof subject === "function" ? subject : () => subject;
    return rows.map((row) => this.shape(type, row, subjectOf(row)));
  }

}
