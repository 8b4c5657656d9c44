import { HttpError, type DataProvider, type GetListParams, type Identifier, type RaRecord } from "react-admin";
import {
  CreateCustomerDocument,
  CustomerCursorsDocument,
  CustomerDocument,
  CustomerOrderField,
  CustomersDocument,
  UpdateCustomerDocument,
  type CreateCustomerInput,
  type CustomerDetailFragment,
  type CustomerFilter,
  type CustomerListItemFragment,
  type CustomerOrder,
  type UpdateCustomerInput,
} from "../generated/graphql";
import { CursorCache } from "./cursorCache";
import { fetchGraphql, GraphqlError, type FetchGraphql } from "./graphql";

/** A customer as the list shows it. */
export type CustomerListRecord = CustomerListItemFragment;

type InteractionNode = CustomerDetailFragment["interactions"]["edges"][number]["node"];

/** A customer as show and edit pages see it: the detail fragment with interactions flattened. */
export type CustomerRecord = Omit<CustomerDetailFragment, "interactions"> & {
  interactions: InteractionNode[];
  /** All interactions of the customer; `interactions` holds the latest 20. */
  interactionCount: number;
};

/** react-admin list filters of the customers resource (see CustomerFilters.tsx). */
export interface CustomerListFilter {
  q?: string;
  kind?: string | string[];
  status?: string | string[];
  region?: string | string[];
}

const SORT_FIELDS: Record<string, CustomerOrderField> = {
  createdAt: CustomerOrderField.CREATED_AT,
  updatedAt: CustomerOrderField.UPDATED_AT,
  name: CustomerOrderField.NAME,
};

// The profile fields a form may send; `satisfies` makes codegen changes to the inputs fail here.
const UPDATABLE = {
  accountManager: true,
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
  };
  const defined = Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length ? (defined as CustomerFilter) : undefined;
}

export function toCustomerOrder(sort: GetListParams["sort"]): CustomerOrder {
  const field = (sort && SORT_FIELDS[sort.field]) ?? CustomerOrderField.CREATED_AT;
  return { field, direction: sort?.order === "ASC" ? "ASC" : "DESC" };
}

export function toCustomerRecord(customer: CustomerDetailFragment): CustomerRecord {
  const { interactions, ...rest } = customer;
  return { ...rest, interactions: interactions.edges.map((e) => e.node), interactionCount: interactions.totalCount };
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
      if (field && !(field in fieldErrors)) fieldErrors[field] = problem.message;
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

function assertCustomers(resource: string) {
  if (resource !== "customers") throw new HttpError(`Unknown resource ${resource}`, 404);
}

/**
 * The console's data provider: react-admin methods over the documented GraphQL operations
 * (src/customers/customer.graphql), with keyset cursors behind numbered pages.
 */
export function createDataProvider(send: FetchGraphql = fetchGraphql): DataProvider {
  const cursors = new CursorCache();

  const call = async <T,>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toHttpError(error);
    }
  };

  const getCustomer = async (id: Identifier, signal?: AbortSignal) => {
    const { customer } = await send(CustomerDocument, { id: String(id) }, { signal });
    if (!customer) throw new GraphqlError("Customer not found", "NOT_FOUND", 404);
    return toCustomerRecord(customer);
  };

  return {
    getList: (resource, params) =>
      call(async () => {
        assertCustomers(resource);
        const { page = 1, perPage = 25 } = params.pagination ?? {};
        const filter = toCustomerFilter(params.filter as CustomerListFilter);
        const orderBy = toCustomerOrder(params.sort);
        const key = CursorCache.key({ filter, orderBy, perPage });
        const query = { first: perPage, filter, orderBy };

        let after = cursors.startOf(key, page);
        if (after === undefined) {
          // A page we have not walked to (a bookmarked URL, a reload): step through the pages
          // before it, asking only for their cursors.
          let known = cursors.nearest(key, page);
          while (known.page < page) {
            const { customers } = await send(CustomerCursorsDocument, { ...query, after: known.after }, { signal: params.signal });
            if (!customers.pageInfo.hasNextPage || !customers.pageInfo.endCursor) break;
            cursors.rememberEnd(key, known.page, customers.pageInfo.endCursor);
            known = { page: known.page + 1, after: customers.pageInfo.endCursor };
          }
          after = known.page === page ? known.after : undefined;
        }
        if (after === undefined) {
          // Past the last page: report the total so react-admin offers to go back.
          const { customers } = await send(CustomersDocument, { ...query, first: 1, after: null }, { signal: params.signal });
          return { data: [], total: customers.totalCount, pageInfo: { hasNextPage: false, hasPreviousPage: page > 1 } };
        }
        const { customers } = await send(CustomersDocument, { ...query, after }, { signal: params.signal });
        if (customers.pageInfo.hasNextPage) cursors.rememberEnd(key, page, customers.pageInfo.endCursor);
        return {
          data: customers.edges.map((e) => e.node),
          total: customers.totalCount,
          pageInfo: { hasNextPage: customers.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
        };
      }),

    getOne: (resource, params) =>
      call(async () => {
        assertCustomers(resource);
        return { data: await getCustomer(params.id, params.signal) };
      }),

    getMany: (resource, params) =>
      call(async () => {
        assertCustomers(resource);
        return { data: await Promise.all(params.ids.map((id) => getCustomer(id, params.signal))) };
      }),

    getManyReference: (resource) => unsupported("getManyReference", resource),

    create: (resource, params) =>
      call(async () => {
        assertCustomers(resource);
        const { createCustomer } = await send(CreateCustomerDocument, { input: creationInput(params.data) });
        cursors.clear();
        return { data: toCustomerRecord(createCustomer) };
      }),

    update: (resource, params) =>
      call(async () => {
        assertCustomers(resource);
        const previous = params.previousData as Partial<CustomerRecord>;
        const input = changedFields(params.data, previous);
        if (Object.keys(input).length === 0) return { data: previous as CustomerRecord };
        if (typeof previous.version !== "number") throw new HttpError("The record has no version: reload it", 400);
        const { updateCustomer } = await send(UpdateCustomerDocument, { id: String(params.id), expectedVersion: previous.version, input });
        cursors.clear();
        return { data: toCustomerRecord(updateCustomer) };
      }),

    updateMany: (resource) => unsupported("updateMany", resource),
    delete: (resource) => unsupported("delete", resource),
    deleteMany: (resource) => unsupported("deleteMany", resource),
  } as DataProvider;
}

export const dataProvider = createDataProvider();
