# syntax=docker/dockerfile:1
# Tessera: the API, the CLI and the built console in one image.
#   docker build -t tessera .
#   docker run -p 4000:4000 -e DATABASE_URL=postgres://… -e TESSERA_SECRET=… tessera
# Without DATABASE_URL it runs the embedded PGlite database under /data (one replica only).

ARG NODE_VERSION=20

# ---- build: install everything, build the console (dist/) and the API bundle (dist/tessera.js)
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN npm install -g pnpm@10
WORKDIR /app
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
# Patched dependencies (patches/*.patch, listed in pnpm-workspace.yaml) are applied by install.
COPY patches patches
COPY packages/api/package.json packages/api/
COPY packages/admin/package.json packages/admin/
COPY packages/schema/package.json packages/schema/
RUN pnpm install --frozen-lockfile
COPY tsconfig.base.json ./
COPY packages packages
COPY migrations migrations
RUN pnpm --filter @tessera/admin build && pnpm --filter @tessera/api build

# ---- deps: production dependencies of the API only (no compilers, no browser test tooling)
FROM node:${NODE_VERSION}-bookworm-slim AS deps
RUN npm install -g pnpm@10
WORKDIR /app
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
# Patched dependencies (patches/*.patch, listed in pnpm-workspace.yaml) are applied by install.
COPY patches patches
COPY packages/api/package.json packages/api/
COPY packages/admin/package.json packages/admin/
COPY packages/schema/package.json packages/schema/
RUN pnpm install --frozen-lockfile --prod --filter "@tessera/api..."

# ---- runtime: node, production node_modules, the bundle, migrations and the console; non-root
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0 \
    TESSERA_DATA_DIR=/data/pglite
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/packages/api/node_modules packages/api/node_modules
COPY --from=deps /app/packages/schema packages/schema
COPY pnpm-workspace.yaml package.json ./
COPY packages/api/package.json packages/api/
COPY packages/api/bin packages/api/bin
COPY --from=build /app/packages/api/dist packages/api/dist
COPY --from=build /app/packages/admin/dist packages/admin/dist
COPY migrations migrations
RUN mkdir -p /data && chown node:node /data
# The image's files belong to root and are read-only for the process; only /data is writable.
USER node
VOLUME ["/data"]
EXPOSE 4000
# /healthz: the process answers; orchestrators should route on /readyz (database + migrations).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains in-flight requests and pending audit rows, then exits 0 (node is PID 1: no shell wrapper).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "packages/api/bin/tessera.mjs"]
CMD ["serve"]
