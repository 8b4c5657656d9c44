import { HttpError } from "react-admin";
import { describe, expect, it } from "vitest";
import { CustomerCursorsDocument, CustomerDocument, CustomersDocument, UpdateCustomerDocument } from "../generated/graphql";
import { createDataProvider, toAuditEventFilter, toCaseFilter, toDataSubjectRequestFilter } from "./dataProvider";
import { GraphqlError, type FetchGraphqlResult } from "./graphql";

type Call = { document: unknown; variables: Record<string, any> };

/** A fake API over 7 customers, paged by an opaque cursor "c<index>". */
function fakeApi(overrides: Partial<Record<"update", (variables: Record<string, any>) => unknown>> = {}) {
  const calls: Call[] = [];
  const rows = Array.from({ length: 7 }, (_, i) => ({ id: `id${i}`, name: `Customer ${i}`, version: 1 }));
  const page = (variables: Record<string, any>) => {
    const start = variables.after ? Number(String(variables.after).slice(1)) + 1 : 0;
    const slice = rows.slice(start, start + variables.first);
    const end = start + slice.length - 1;
    return { totalCount: rows.length, pageInfo: { hasNextPage: end < rows.length - 1, endCursor: slice.length ? `c${end}` : null }, edges: slice.map((node) => ({ node })) };
  };
  const answer = async (document: unknown, variables: Record<string, any>) => {
    calls.push({ document, variables });
    if (document === CustomersDocument || document === CustomerCursorsDocument) return { customers: page(variables) };
    if (document === CustomerDocument) return { customer: null };
    if (document === UpdateCustomerDocument) {
      if (overrides.update) return overrides.update(variables);
      return { updateCustomer: { ...rows[0], version: 2, interactions: { totalCount: 0, edges: [] } } };
    }
    throw new Error("unexpected document");
  };
  const send = (async (document: unknown, variables: Record<string, any>) => ({ data: await answer(document, variables), redactions: [] })) as unknown as FetchGraphqlResult;
  return { calls, send };
}

const listParams = (page: number, filter: Record<string, unknown> = {}) => ({
  pagination: { page, perPage: 3 },
  sort: { field: "name", order: "ASC" as const },
  filter,
});

/** react-admin's translatable field errors (`@@react-admin@@{message, args}`), decoded. */
const fieldErrors = (error: HttpError) =>
  Object.fromEntries(Object.entries(error.body.errors as Record<string, string>).map(([field, text]) => [field, JSON.parse(text.replace(/^@@react-admin@@/, ""))]));

describe("the customers data provider", () => {
  it("turns numbered pages into keyset cursors learnt from the previous page", async () => {
    const { calls, send } = fakeApi();
    const provider = createDataProvider(send);
    const first = await provider.getList("customers", listParams(1));
    const second = await provider.getList("customers", listParams(2));
    expect(first.data.map((r) => r.id)).toEqual(["id0", "id1", "id2"]);
    expect(second.data.map((r) => r.id)).toEqual(["id3", "id4", "id5"]);
    expect(second.total).toBe(7);
    expect(calls.map((c) => c.variables.after)).toEqual([null, "c2"]);
    expect(calls[1]!.variables.orderBy).toEqual({ field: "NAME", direction: "ASC" });
  });

  it("walks cursor-only pages to reach a page it has not seen, such as a bookmarked page 3", async () => {
    const { calls, send } = fakeApi();
    const third = await createDataProvider(send).getList("customers", listParams(3));
    expect(third.data.map((r) => r.id)).toEqual(["id6"]);
    expect(calls.map((c) => c.document)).toEqual([CustomerCursorsDocument, CustomerCursorsDocument, CustomersDocument]);
  });

  it("answers an empty page with the total when asked past the last page", async () => {
    const { send } = fakeApi();
    const result = await createDataProvider(send).getList("customers", listParams(9));
    expect(result.data).toEqual([]);
    expect(result.total).toBe(7);
  });

  it("keeps separate cursors per filter, and maps react-admin filters onto CustomerFilter", async () => {
    const { calls, send } = fakeApi();
    const provider = createDataProvider(send);
    await provider.getList("customers", listParams(1));
    await provider.getList("customers", listParams(2, { q: " 138 ", kind: "FAMILY", region: ["Guangdong"], status: "" }));
    const last = calls.at(-1)!;
    expect(last.variables.filter).toEqual({ search: "138", kind: ["FAMILY"], region: ["Guangdong"] });
    expect(last.document).toBe(CustomersDocument);
    expect(calls.at(-2)!.document).toBe(CustomerCursorsDocument);
  });

  it("sends only the changed profile fields, with the version the user edited", async () => {
    const { calls, send } = fakeApi();
    const previousData = { id: "id0", version: 4, name: "A", phone: "+8613800000000", address: "old", identifiers: [] };
    await createDataProvider(send).update("customers", {
      id: "id0",
      data: { ...previousData, address: "new", identifiers: [{ id: "x" }] },
      previousData,
    });
    expect(calls[0]!.variables).toEqual({ id: "id0", expectedVersion: 4, input: { address: "new" } });
  });

  it("puts each BAD_USER_INPUT problem on its form field", async () => {
    const { send } = fakeApi({
      update: () => {
        throw new GraphqlError("Invalid input", "BAD_USER_INPUT", 400, {}, [
          { field: "input.phone", message: '"12" is not a valid mobile number', code: "INVALID_MSISDN", params: { value: "12" } },
          { field: "input.birthDate", message: "must be in the past" },
        ]);
      },
    });
    const error = await createDataProvider(send)
      .update("customers", { id: "id0", data: { phone: "12" }, previousData: { id: "id0", version: 1, phone: null } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    // Each field error is a message react-admin translates: the problem's code with its parameters,
    // the API's English sentence as the fallback; a problem without a code is the generic INVALID.
    expect(fieldErrors(error as HttpError)).toEqual({
      phone: { message: "tessera.problems.INVALID_MSISDN", args: { value: "12", _: '"12" is not a valid mobile number' } },
      birthDate: { message: "tessera.problems.INVALID", args: { _: "must be in the past" } },
    });
  });

  it("reports a stale version as 'changed by someone else', and a taken phone on the phone field", async () => {
    const stale = fakeApi({
      update: () => {
        throw new GraphqlError("Customer id0 was changed by someone else", "CONFLICT", 409, { currentVersion: 3, expectedVersion: 1 });
      },
    });
    const staleError = (await createDataProvider(stale.send)
      .update("customers", { id: "id0", data: { name: "B" }, previousData: { id: "id0", version: 1, name: "A" } })
      .catch((e: unknown) => e)) as HttpError;
    expect(staleError.message).toBe("tessera.errors.stale_version");
    expect(staleError.status).toBe(409);

    const taken = fakeApi({
      update: () => {
        throw new GraphqlError("input.phone is the current number of another customer", "CONFLICT", 409, { field: "input.phone" });
      },
    });
    const takenError = (await createDataProvider(taken.send)
      .update("customers", { id: "id0", data: { phone: "+8613800000001" }, previousData: { id: "id0", version: 1, phone: null } })
      .catch((e: unknown) => e)) as HttpError;
    expect(fieldErrors(takenError)).toEqual({ phone: { message: "tessera.problems.INVALID", args: { _: "is the current number of another customer" } } });
  });

  it("answers a missing customer as react-admin's 'item does not exist'", async () => {
    const { send } = fakeApi();
    const error = (await createDataProvider(send).getOne("customers", { id: "nope" }).catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe(404);
    expect(error.message).toBe("ra.notification.item_doesnt_exist");
  });
});

describe("the work queues' filters", () => {
  it("map react-admin filters onto the API's typed filters, dropping empty values", () => {
    expect(toCaseFilter({ status: ["OPEN", "REOPENED"], overdue: true, owner: " ", kind: [] })).toEqual({ status: ["OPEN", "REOPENED"], overdue: true });
    expect(toCaseFilter({})).toBeUndefined();
    expect(toDataSubjectRequestFilter({ overdue: "false", type: "ERASURE" })).toEqual({ overdue: false, type: ["ERASURE"] });
  });

  it("makes an audit log 'to' date inclusive of that whole day", () => {
    const filter = toAuditEventFilter({ customerId: " c1 ", principal: "user:agent", from: "2026-03-01", to: "2026-03-01" })!;
    expect(filter.customerId).toBe("c1");
    expect(new Date(filter.to!).getTime() - new Date(filter.from!).getTime()).toBe(24 * 3600 * 1000);
  });
});
