import { formError } from "../common/problems";
import { HttpError, type DataProvider, type GetListParams, type GetListResult, type Identifier, type RaRecord } from "react-admin";
import {
  AuditEventsDocument,
  CareTasksDocument,
  CaseDocument,
  CasesDocument,
  CreateCustomerDocument,
  CreatePartnerAppDocument,
  CreateUserDocument,
  DataSubjectRequestDocument,
  DataSubjectRequestOrderField,
  DataSubjectRequestsDocument,
  OpenCaseDocument,
  PartnerAppsDocument,
  RequestDataSubjectActionDocument,
  CreateSegmentDocument,
  DeleteSegmentDocument,
  SegmentDocument,
  SegmentsDocument,
  type SegmentFilter,
  UsersDocument,
  type AuditEventFilter,
  type CareTaskFilter,
  type CaseFilter,
  type DataSubjectRequestFilter,
  type OpenCaseInput,
  type Purpose,
  type Role,
  CustomerCursorsDocument,
  CustomerDocument,
  CustomerOrderField,
  CustomersDocument,
  UpdateCustomerDocument,
  type CreateCustomerInput,
  type CustomerDetailFragment,
  type CustomerFilter,
  type CustomerListRowFragment,
  type CustomerOrder,
  type TypedDocumentString,
  type UpdateCustomerInput,
} from "../generated/graphql";
import { CursorCache } from "./cursorCache";
import { fetchGraphqlResult, GraphqlError, type FetchGraphqlResult, type FetchOptions, type Redaction } from "./graphql";

/** A customer as the list shows it. */
export type CustomerListRecord = CustomerListRowFragment;

type InteractionNode = CustomerDetailFragment["interactions"]["edges"][number]["node"];

/** A customer as show and edit pages see it: the detail fragment with interactions flattened. */
export type CustomerRecord = Omit<CustomerDetailFragment, "interactions"> & {
  interactions: InteractionNode[];
  /** All interactions of the customer; `interactions` holds the latest 20. */
  interactionCount: number;
  /** What the API masked or withheld in this record for the signed-in role (`extensions.redactions`). */
  redactions: Redaction[];
};

/** react-admin list filters of the customers resource (see CustomerFilters.tsx). */
export interface CustomerListFilter {
  q?: string;
  kind?: string | string[];
  status?: string | string[];
  region?: string | string[];
  valueTier?: string | string[];
  churnLevel?: string | string[];
  lifecycleStage?: string | string[];
  accountManager?: string | string[];
}

/** The list columns the API sorts on (CustomerList.tsx offers only these, and only to roles reading them). */
export const CUSTOMER_SORT_FIELDS: Record<string, CustomerOrderField> = {
  createdAt: CustomerOrderField.CREATED_AT,
  updatedAt: CustomerOrderField.UPDATED_AT,
  name: CustomerOrderField.NAME,
  "insight.valueTier": CustomerOrderField.VALUE_TIER,
  "insight.churnRisk.score": CustomerOrderField.CHURN_SCORE,
  "insight.lifecycleStage": CustomerOrderField.LIFECYCLE_STAGE,
};

// The profile fields a form may send; `satisfies` makes codegen changes to the inputs fail here.
const UPDATABLE = {
  accountManager: true,
  jurisdiction: true,
  address: true,
  birthDate: true,
  city: true,
  email: true,
  gender: true,
  kind: true,
  language: true,
  name: true,
  nationalId: true,
  occupation: true,
  phone: true,
  region: true,
  securityLevel: true,
  specialCare: true,
  status: true,
} as const satisfies Record<keyof UpdateCustomerInput, true>;
const CREATABLE = UPDATABLE satisfies Record<keyof CreateCustomerInput, true>;
type ProfileField = keyof typeof UPDATABLE;

const list = <T,>(value: T | T[] | undefined | null): T[] | undefined => {
  if (value == null || value === "") return undefined;
  const values = (Array.isArray(value) ? value : [value]).filter((v) => v != null && v !== "");
  return values.length ? values : undefined;
};

export function toCustomerFilter(filter: CustomerListFilter = {}): CustomerFilter | undefined {
  const result: CustomerFilter = {
    search: filter.q?.trim() || undefined,
    kind: list(filter.kind) as CustomerFilter["kind"],
    status: list(filter.status) as CustomerFilter["status"],
    region: list(filter.region),
    valueTier: list(filter.valueTier) as CustomerFilter["valueTier"],
    churnLevel: list(filter.churnLevel) as CustomerFilter["churnLevel"],
    lifecycleStage: list(filter.lifecycleStage) as CustomerFilter["lifecycleStage"],
    accountManager: list(typeof filter.accountManager === "string" ? filter.accountManager.trim() : filter.accountManager),
  };
  const defined = Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length ? (defined as CustomerFilter) : undefined;
}

export function toCustomerOrder(sort: GetListParams["sort"]): CustomerOrder {
  const field = (sort && CUSTOMER_SORT_FIELDS[sort.field]) ?? CustomerOrderField.CREATED_AT;
  return { field, direction: sort?.order === "ASC" ? "ASC" : "DESC" };
}

export function toCustomerRecord(customer: CustomerDetailFragment, redactions: Redaction[] = []): CustomerRecord {
  const { interactions, ...rest } = customer;
  return { ...rest, interactions: interactions.edges.map((e) => e.node), interactionCount: interactions.totalCount, redactions };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The profile fields that changed, so an update touches only what the user edited. */
export function changedFields(data: Partial<RaRecord>, previous: Partial<RaRecord>): UpdateCustomerInput {
  const input: Record<string, unknown> = {};
  for (const field of Object.keys(UPDATABLE) as ProfileField[]) {
    if (!(field in data)) continue;
    if (!same(data[field], previous[field])) input[field] = data[field] ?? null;
  }
  return input as UpdateCustomerInput;
}

export function creationInput(data: Partial<RaRecord>): CreateCustomerInput {
  const input: Record<string, unknown> = {};
  for (const field of Object.keys(CREATABLE) as ProfileField[]) {
    const value = data[field];
    if (value != null && value !== "" && !(Array.isArray(value) && value.length === 0)) input[field] = value;
  }
  return input as unknown as CreateCustomerInput;
}

/** `input.phone` → `phone`, `input.specialCare[1]` → `specialCare`; null for problems not about an input field. */
function formField(path: string): string | null {
  const match = /^input\.([A-Za-z0-9_]+)/.exec(path);
  return match ? match[1]! : null;
}

/**
 * Maps API errors onto what react-admin understands: an HttpError whose message is shown as a
 * notification (a translation key where we have a better text) and, for bad input, whose
 * `body.errors` puts each server message under its form field (server-side validation).
 */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof GraphqlError)) return error;
  const fieldErrors: Record<string, unknown> = {};
  if (error.code === "BAD_USER_INPUT" || error.code === "CONFLICT") {
    const problems = error.problems.length
      ? error.problems
      : typeof error.extensions.field === "string"
        ? // A contact conflict names one field and prefixes the message with it.
          [{ field: error.extensions.field, message: error.message.replace(`${error.extensions.field} `, "") }]
        : [];
    const unplaced: string[] = [];
    for (const problem of problems) {
      const field = formField(problem.field);
      if (field && !(field in fieldErrors)) fieldErrors[field] = formError(problem);
      else if (!field) unplaced.push(`${problem.field}: ${problem.message}`);
    }
    if (unplaced.length) fieldErrors.root = { serverError: unplaced.join("; ") };
  }
  if (Object.keys(fieldErrors).length) return new HttpError(error.message, error.status, { errors: fieldErrors });
  // A CONFLICT without a field is a stale expectedVersion: someone saved the record meanwhile.
  if (error.code === "CONFLICT") return new HttpError("tessera.errors.stale_version", 409, { code: error.code });
  if (error.code === "NOT_FOUND") return new HttpError("ra.notification.item_doesnt_exist", 404, { code: error.code });
  return new HttpError(error.message, error.status, { code: error.code });
}

function unsupported(method: string, resource: string): never {
  throw new HttpError(`${method} is not supported for ${resource}`, 501);
}

/** One page of a Relay connection, as every list query of the API answers it. */
interface ConnectionPage<TNode> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: Array<{ node: TNode }>;
}

type PageFetcher<TNode> = (after: string | null, first: number, signal?: AbortSignal) => Promise<ConnectionPage<TNode>>;

/** Roles, purposes and other enum lists arrive from react-admin filters as one value or many. */
const defined = <T extends object>(value: T): T | undefined => {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
};

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);
const bool = (value: unknown): boolean | undefined => (value === true || value === "true" ? true : value === false || value === "false" ? false : undefined);
/** A date input's `YYYY-MM-DD` (or a full DateTime) as a DateTime; `endOfDay` makes a "to" date inclusive. */
function dateTime(value: unknown, endOfDay = false): string | undefined {
  if (typeof value !== "string" || !value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00`);
    if (endOfDay) start.setDate(start.getDate() + 1);
    return start.toISOString();
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

export const toCaseFilter = (f: Record<string, unknown> = {}): CaseFilter | undefined =>
  defined<CaseFilter>({
    status: list(f.status as string[]) as CaseFilter["status"],
    kind: list(f.kind as string[]) as CaseFilter["kind"],
    category: list(f.category as string[]) as CaseFilter["category"],
    overdue: bool(f.overdue),
    owner: text(f.owner),
    customerId: text(f.customerId),
  });

export const toCareTaskFilter = (f: Record<string, unknown> = {}): CareTaskFilter | undefined =>
  defined<CareTaskFilter>({
    kind: list(f.kind as string[]) as CareTaskFilter["kind"],
    region: list(f.region as string[]),
    customerId: text(f.customerId),
    dueWithinDays: f.dueWithinDays === "" || f.dueWithinDays == null ? undefined : Number(f.dueWithinDays),
  });

export const toAuditEventFilter = (f: Record<string, unknown> = {}): AuditEventFilter | undefined =>
  defined<AuditEventFilter>({
    customerId: text(f.customerId),
    principal: text(f.principal),
    purpose: (text(f.purpose) as Purpose | undefined) ?? undefined,
    action: (text(f.action) as AuditEventFilter["action"]) ?? undefined,
    partnerId: text(f.partnerId),
    from: dateTime(f.from),
    to: dateTime(f.to, true),
  });

export const toDataSubjectRequestFilter = (f: Record<string, unknown> = {}): DataSubjectRequestFilter | undefined =>
  defined<DataSubjectRequestFilter>({
    status: list(f.status as string[]) as DataSubjectRequestFilter["status"],
    type: list(f.type as string[]) as DataSubjectRequestFilter["type"],
    jurisdiction: list(f.jurisdiction as string[]) as DataSubjectRequestFilter["jurisdiction"],
    overdue: bool(f.overdue),
    customerId: text(f.customerId),
  });

/** Lists the API answers whole (users, partner apps): filtered, sorted and paged here. */
function pageInMemory<T extends RaRecord>(rows: T[], params: GetListParams): GetListResult<T> {
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  const { field, order } = params.sort ?? { field: "id", order: "ASC" };
  const q = text(params.filter?.q)?.toLowerCase();
  const role = text(params.filter?.role);
  const filtered = rows.filter((row) => (!q || JSON.stringify(row).toLowerCase().includes(q)) && (!role || row.role === role));
  const sorted = [...filtered].sort((a, b) => {
    const x = String(a[field] ?? "");
    const y = String(b[field] ?? "");
    return order === "DESC" ? y.localeCompare(x) : x.localeCompare(y);
  });
  return { data: sorted.slice((page - 1) * perPage, page * perPage), total: filtered.length };
}

/**
 * The console's data provider: react-admin methods over the documented GraphQL operations
 * (the `*.graphql` files beside each resource), with keyset cursors behind numbered pages.
 */
export function createDataProvider(sendResult: FetchGraphqlResult = fetchGraphqlResult): DataProvider {
  const cursors = new CursorCache();
  const send = async <R, V>(document: TypedDocumentString<R, V>, variables: V, options?: FetchOptions): Promise<R> =>
    (await sendResult(document, variables, options)).data;

  const call = async <T,>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toHttpError(error);
    }
  };

  const getCustomer = async (id: Identifier, signal?: AbortSignal) => {
    const { data, redactions } = await sendResult(CustomerDocument, { id: String(id) }, { signal });
    if (!data.customer) throw new GraphqlError("Customer not found", "NOT_FOUND", 404);
    return toCustomerRecord(data.customer, redactions);
  };

  /**
   * Numbered pages over a keyset connection. `walk` fetches only cursors (cheaper) when a page
   * has not been seen; without one the list query itself walks.
   */
  async function paged<TNode>(
    resource: string,
    params: GetListParams,
    variables: unknown,
    fetchPage: PageFetcher<TNode>,
    walk: PageFetcher<unknown> = fetchPage,
  ): Promise<GetListResult & { data: TNode[] }> {
    const { page = 1, perPage = 25 } = params.pagination ?? {};
    const key = CursorCache.key({ resource, variables, perPage });
    let after = cursors.startOf(key, page);
    if (after === undefined) {
      // A page we have not walked to (a bookmarked URL, a reload): step through the pages before it.
      let known = cursors.nearest(key, page);
      while (known.page < page) {
        const { pageInfo } = await walk(known.after, perPage, params.signal);
        if (!pageInfo.hasNextPage || !pageInfo.endCursor) break;
        cursors.rememberEnd(key, known.page, pageInfo.endCursor);
        known = { page: known.page + 1, after: pageInfo.endCursor };
      }
      after = known.page === page ? known.after : undefined;
    }
    if (after === undefined) {
      // Past the last page: report the total so react-admin offers to go back.
      const { totalCount } = await fetchPage(null, 1, params.signal);
      return { data: [], total: totalCount, pageInfo: { hasNextPage: false, hasPreviousPage: page > 1 } };
    }
    const result = await fetchPage(after, perPage, params.signal);
    if (result.pageInfo.hasNextPage) cursors.rememberEnd(key, page, result.pageInfo.endCursor);
    return {
      data: result.edges.map((e) => e.node),
      total: result.totalCount,
      pageInfo: { hasNextPage: result.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
    };
  }

  const lists: Record<string, (params: GetListParams) => Promise<GetListResult>> = {
    customers: (params) => {
      const filter = toCustomerFilter(params.filter as CustomerListFilter);
      const orderBy = toCustomerOrder(params.sort);
      const query = { filter, orderBy };
      return paged(
        "customers",
        params,
        query,
        async (after, first, signal) => (await send(CustomersDocument, { ...query, first, after }, { signal })).customers,
        async (after, first, signal) => ({ totalCount: 0, edges: [], ...(await send(CustomerCursorsDocument, { ...query, first, after }, { signal })).customers }),
      );
    },
    cases: (params) => {
      const filter = toCaseFilter(params.filter);
      return paged("cases", params, filter, async (after, first, signal) => (await send(CasesDocument, { filter, first, after }, { signal })).cases);
    },
    careTasks: (params) => {
      const filter = toCareTaskFilter(params.filter);
      return paged("careTasks", params, filter, async (after, first, signal) => (await send(CareTasksDocument, { filter, first, after }, { signal })).careTasks);
    },
    auditEvents: async (params) => {
      const filter = toAuditEventFilter(params.filter);
      const result = await paged("auditEvents", params, filter, async (after, first, signal) => (await send(AuditEventsDocument, { filter, first, after }, { signal })).auditEvents);
      // The chain position is the event's identity.
      return { ...result, data: result.data.map((event) => ({ ...event, id: event.seq })) };
    },
    dataSubjectRequests: (params) => {
      const filter = toDataSubjectRequestFilter(params.filter);
      const orderBy = {
        field: params.sort?.field === "receivedAt" ? DataSubjectRequestOrderField.RECEIVED_AT : DataSubjectRequestOrderField.DUE_AT,
        direction: params.sort?.order === "DESC" ? ("DESC" as const) : ("ASC" as const),
      };
      return paged(
        "dataSubjectRequests",
        params,
        { filter, orderBy },
        async (after, first, signal) => (await send(DataSubjectRequestsDocument, { filter, orderBy, first, after }, { signal })).dataSubjectRequests,
      );
    },
    segments: (params) => paged("segments", params, null, async (after, first, signal) => (await send(SegmentsDocument, { first, after }, { signal })).segments),
    users: async (params) => pageInMemory((await send(UsersDocument, {}, { signal: params.signal })).users, params),
    partnerApps: async (params) => pageInMemory((await send(PartnerAppsDocument, {}, { signal: params.signal })).partnerApps, params),
  };

  const getOnes: Record<string, (id: Identifier, signal?: AbortSignal) => Promise<RaRecord>> = {
    customers: getCustomer,
    cases: async (id, signal) => {
      const { case: found } = await send(CaseDocument, { id: String(id) }, { signal });
      if (!found) throw new GraphqlError("Case not found", "NOT_FOUND", 404);
      return found;
    },
    dataSubjectRequests: async (id, signal) => {
      const { dataSubjectRequest } = await send(DataSubjectRequestDocument, { id: String(id) }, { signal });
      if (!dataSubjectRequest) throw new GraphqlError("Request not found", "NOT_FOUND", 404);
      return dataSubjectRequest;
    },
    segments: async (id, signal) => {
      const { segment } = await send(SegmentDocument, { id: String(id) }, { signal });
      if (!segment) throw new GraphqlError("Segment not found", "NOT_FOUND", 404);
      return segment;
    },
    users: async (id, signal) => {
      const user = (await send(UsersDocument, {}, { signal })).users.find((u) => u.id === String(id));
      if (!user) throw new GraphqlError("User not found", "NOT_FOUND", 404);
      return user;
    },
    partnerApps: async (id, signal) => {
      const app = (await send(PartnerAppsDocument, {}, { signal })).partnerApps.find((a) => a.id === String(id));
      if (!app) throw new GraphqlError("Partner app not found", "NOT_FOUND", 404);
      return app;
    },
  };

  const creates: Record<string, (data: Partial<RaRecord>) => Promise<RaRecord>> = {
    customers: async (data) => toCustomerRecord((await send(CreateCustomerDocument, { input: creationInput(data) })).createCustomer),
    cases: async (data) => (await send(OpenCaseDocument, { input: openCaseInput(data) })).openCase,
    dataSubjectRequests: async (data) =>
      (
        await send(RequestDataSubjectActionDocument, {
          customerId: String(data.customerId ?? ""),
          type: data.type,
          jurisdiction: data.jurisdiction,
          notes: text(data.notes) ?? null,
          receivedAt: dateTime(data.receivedAt) ?? null,
        })
      ).requestDataSubjectAction,
    segments: async (data) => (await send(CreateSegmentDocument, { name: String(data.name ?? ""), definition: data.definition as SegmentFilter })).createSegment,
    users: async (data) =>
      (
        await send(CreateUserDocument, {
          username: String(data.username ?? ""),
          password: String(data.password ?? ""),
          role: data.role as Role,
          displayName: text(data.displayName) ?? null,
        })
      ).createUser,
    partnerApps: async (data) =>
      (
        await send(CreatePartnerAppDocument, {
          name: String(data.name ?? ""),
          purposes: (data.allowedPurposes ?? []) as Purpose[],
          fields: (data.fieldAllowlist ?? []) as string[],
        })
      ).createPartnerApp,
  };

  const handler = <T,>(table: Record<string, T>, method: string, resource: string): T => table[resource] ?? unsupported(method, resource);

  return {
    getList: (resource, params) => call(() => handler(lists, "getList", resource)(params)),

    getOne: (resource, params) => call(async () => ({ data: await handler(getOnes, "getOne", resource)(params.id, params.signal) })),

    getMany: (resource, params) =>
      call(async () => {
        const getOne = handler(getOnes, "getMany", resource);
        return { data: await Promise.all(params.ids.map((id) => getOne(id, params.signal))) };
      }),

    getManyReference: (resource) => unsupported("getManyReference", resource),

    create: (resource, params) =>
      call(async () => {
        const data = await handler(creates, "create", resource)(params.data);
        cursors.clear();
        return { data };
      }),

    update: (resource, params) =>
      call(async () => {
        if (resource !== "customers") unsupported("update", resource);
        const previous = params.previousData as Partial<CustomerRecord>;
        const input = changedFields(params.data, previous);
        if (Object.keys(input).length === 0) return { data: previous as CustomerRecord };
        if (typeof previous.version !== "number") throw new HttpError("The record has no version: reload it", 400);
        const { data, redactions } = await sendResult(UpdateCustomerDocument, { id: String(params.id), expectedVersion: previous.version, input });
        cursors.clear();
        return { data: toCustomerRecord(data.updateCustomer, redactions) };
      }),

    updateMany: (resource) => unsupported("updateMany", resource),
    // Only segments can be deleted; customers are erased through a data-subject request.
    delete: (resource, params) =>
      call(async () => {
        if (resource !== "segments") unsupported("delete", resource);
        await send(DeleteSegmentDocument, { id: String(params.id) });
        cursors.clear();
        return { data: params.previousData ?? { id: params.id } };
      }),
    deleteMany: (resource) => unsupported("deleteMany", resource),
  } as DataProvider;
}

function openCaseInput(data: Partial<RaRecord>): OpenCaseInput {
  return {
    customerId: String(data.customerId ?? ""),
    kind: data.kind,
    category: data.category,
    subject: String(data.subject ?? ""),
    priority: data.priority || null,
    channel: data.channel || null,
  };
}

export const dataProvider = createDataProvider();
