// A partner app's GraphQL client: Apollo Client with the API key and the declared purpose.
// Run: TESSERA_API_KEY=tsk_… node client.mjs [--register http://127.0.0.1:8787/webhook]
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";

/** A client for one partner app: every request carries its key and the purpose it runs under. */
export function partnerClient({ url = "http://localhost:4000/graphql", apiKey, purpose = "MARKETING" }) {
  return new ApolloClient({
    link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${apiKey}`, "x-purpose": purpose } }),
    cache: new InMemoryCache(),
  });
}

const ME = gql`
  query Me {
    me { kind name partnerId purpose }
  }
`;

const CUSTOMERS = gql`
  query Customers($first: Int, $after: String) {
    customers(first: $first, after: $after) {
      edges { node { id name phone region } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const CREATE_WEBHOOK = gql`
  mutation CreateWebhook($partnerId: ID!, $url: String!, $events: [EventType!]!) {
    createWebhook(partnerId: $partnerId, url: $url, events: $events) { secret webhook { id url events } }
  }
`;

export async function whoAmI(client) {
  return (await client.query({ query: ME })).data.me;
}

/** One page of the customers this partner may see under its purpose; fields outside its allowlist come back null. */
export async function customersPage(client, { first = 5, after } = {}) {
  return (await client.query({ query: CUSTOMERS, variables: { first, after } })).data.customers;
}

/** Registers this partner's webhook; the answer holds the signing secret, shown once. */
export async function registerWebhook(client, url, events = ["CONSENT_CHANGED", "CUSTOMER_UPDATED", "CUSTOMER_ERASED", "CUSTOMER_RESTRICTED"]) {
  const { partnerId } = await whoAmI(client);
  return (await client.mutate({ mutation: CREATE_WEBHOOK, variables: { partnerId, url, events } })).data.createWebhook;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const apiKey = process.env.TESSERA_API_KEY;
  if (!apiKey) {
    console.error("Set TESSERA_API_KEY (pnpm start prints where the demo partner key is written).");
    process.exit(1);
  }
  const client = partnerClient({ url: process.env.TESSERA_URL, apiKey, purpose: process.env.TESSERA_PURPOSE });
  const register = process.argv.indexOf("--register");
  if (register > 0) {
    const { secret, webhook } = await registerWebhook(client, process.argv[register + 1]);
    console.log(`Webhook ${webhook.id} → ${webhook.url} for ${webhook.events.join(", ")}`);
    console.log(`Signing secret (shown once): ${secret}`);
  } else {
    console.log("Signed in as", await whoAmI(client));
    for (const { node } of (await customersPage(client)).edges) console.log(node);
  }
}
