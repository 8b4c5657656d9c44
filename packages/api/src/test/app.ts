import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createApollo } from "../graphql/apollo.js";
import { createHttpServer } from "../server/server.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

export interface GraphqlResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

export interface TestApp {
  url: string;
  database: TestDatabase;
  /** POSTs an operation to /graphql over real HTTP. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

/** The real server (HTTP + Apollo + database) on an ephemeral port, as partners and the console reach it. */
export async function startTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const apollo = await createApollo();
  const server: Server = createHttpServer(apollo, database);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    database,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      await database.close();
    },
  };
}
