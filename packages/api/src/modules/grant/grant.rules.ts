/**
 * What widens access to personal data (a role change, a partner contract change) is derived from
 * the catalog's role matrix in @tessera/schema/catalog (grants.ts), so the console's approvals page
 * shows exactly the gains the API decides on.
 */
export { clearanceWidens, partnerWidening, roleWidens, type PartnerAccess } from "@tessera/schema/catalog";
