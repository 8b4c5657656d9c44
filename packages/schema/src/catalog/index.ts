export * from "./types.js";
export * from "./catalog.js";
export * from "./policy-matrix.js";
export * from "./masks.js";
export * from "./non-customer.js";
export * from "./derived-access.js";
export * from "./grants.js";
