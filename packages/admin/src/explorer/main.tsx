/**
 * The GraphQL explorer at /explorer: GraphiQL, bundled with the console (no CDN), against this
 * server's /graphql. Introspection needs a signed-in caller (TESSERA_INTROSPECTION=signed-in):
 * opened from a console tab it uses that tab's session; otherwise put a session token or a
 * partner API key (with X-Purpose) into the Headers pane.
 */
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { currentSession } from "../providers/session";

const session = currentSession();
const defaultHeaders = JSON.stringify(
  session ? { Authorization: `Bearer ${session.token}` } : { Authorization: "Bearer <session token or tsk_… API key>", "X-Purpose": "SERVICE" },
  null,
  2,
);

async function fetcher(params: unknown, options?: { headers?: Record<string, unknown> }) {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
  for (const [name, value] of Object.entries(options?.headers ?? {})) if (typeof value === "string" && !value.includes("<")) headers[name] = value;
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify(params) });
  return response.json();
}

createRoot(document.getElementById("explorer")!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultHeaders={defaultHeaders} shouldPersistHeaders={false} defaultQuery={"# Tessera GraphQL API\n{\n  customers(first: 3) {\n    totalCount\n    edges { node { id kind status } }\n  }\n}\n"} />
  </StrictMode>,
);
