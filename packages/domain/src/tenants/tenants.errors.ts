export const TenantErrors = {
  /** createTenant: another shop already uses the slug. */
  SLUG_TAKEN: 'TENANT_SLUG_TAKEN',
  /** createTenant: the slug is kept for the platform (www, api, console, ...). */
  SLUG_RESERVED: 'TENANT_SLUG_RESERVED',
  /** A tenant id or slug that does not exist. */
  NOT_FOUND: 'TENANT_NOT_FOUND',
} as const;
