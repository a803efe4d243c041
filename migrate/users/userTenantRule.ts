import { MappingIndex } from "../mappingIndex";

/** How the migration decides a user's tenant. */
export type UserTenantRule =
  | { readonly kind: "mapping"; readonly file: string; readonly index: MappingIndex }
  /** The value of an existing attribute, e.g. `custom:org`, is the tenant id. */
  | { readonly kind: "attribute"; readonly name: string }
  /** Membership of an existing group `<prefix><tenantId>`, e.g. `org-acme`. */
  | { readonly kind: "group"; readonly prefix: string };

/** The fields a user can be named by in a mapping file. */
export const USER_KEY_FIELDS = ["username", "email", "sub"] as const;
