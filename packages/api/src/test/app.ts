import { ensureSessionUser } from "../modules/user/user.queries.js";
import type { UserRow } from "../modules/user/user.table.js";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Role } from "@tessera/schema/catalog";
import { openDatabase } from "../db/client.js";
import { createApollo } from "../graphql/apollo.js";
import { TokenService } from "../privacy/tokens.js";
import { createHttpServer, type HttpServerOptions } from "../server/server.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

export interface GraphqlResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

/** Who a test request runs as: a console role (default STEWARD), a partner API key, or nobody. */
export type As = Role | { apiKey: string } | "ANONYMOUS";

export interface RequestOptions {
  as?: As;
  purpose?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  url: string;
  database: TestDatabase;
  /** POSTs an operation to /graphql over real HTTP, authenticated as `options.as`. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphqlResponse<T>>;
  /** The Authorization header value for a role (a signed session token, as `login` issues). */
  bearer(role: Role): Promise<string>;
  /** The app's session token signer (to forge tokens for users that do not exist, say). */
  tokens: TokenService;
  close(): Promise<void>;
}

export interface TestAppOptions extends HttpServerOptions {
  /**
   * PostgreSQL only: the server connects through this URL instead of the test database's own
   * (e.g. through a loopback proxy that a test can cut), while `database` stays a direct connection.
   */
  serverDatabaseUrl?: (url: string) => string;
}

/** The real server (HTTP + Apollo + database) on an ephemeral port, as partners and the console reach it. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { serverDatabaseUrl, ...httpOptions } = options;
  const database = await createTestDatabase();
  const serverDatabase = serverDatabaseUrl && database.url ? await openDatabase({ url: serverDatabaseUrl(database.url), maxConnections: 5 }) : database;
  const apollo = await createApollo();
  const tokens = await TokenService.create(database.db, "test-secret-test-secret-test-secret!");
  const server: Server = createHttpServer(apollo, serverDatabase, tokens, httpOptions);
  // The test's own fetch (undici, 4 s idle) must always be the side that closes a kept-alive socket:
  // a test that holds the event loop longer than the server's 5 s default let both timers expire at
  // once, and the next request went out on a socket the server was closing ("other side closed").
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Sessions are checked against the users table on every request: each role's session belongs to a real user row.
  const sessionUsers = new Map<Role, Promise<UserRow>>();
  const sessionUser = (role: Role) => {
    if (!sessionUsers.has(role)) sessionUsers.set(role, ensureSessionUser(database.db, role.toLowerCase(), role));
    return sessionUsers.get(role)!;
  };
  const bearer = async (role: Role) => {
    const user = await sessionUser(role);
    return `Bearer ${(await tokens.issue({ userId: user.id, username: user.username, role, sessionVersion: user.sessionVersion })).token}`;
  };
  return {
    url,
    database,
    bearer,
    tokens,
    async gql(query, variables, options = {}) {
      const as = options.as ?? "STEWARD";
      const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
      if (typeof as === "object") headers.authorization = `Bearer ${as.apiKey}`;
      else if (as !== "ANONYMOUS") headers.authorization = await bearer(as);
      if (options.purpose) headers["x-purpose"] = options.purpose;
      const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      if (serverDatabase !== database) await serverDatabase.close();
      await database.close();
    },
  };
}

