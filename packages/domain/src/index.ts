export { loadEnv, shopOrigin, EnvError, envSchema } from './config/env.js';
export type { Env } from './config/env.js';
export { DomainError, isDomainError } from './errors.js';
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { checkHealth, createRuntime } from './runtime.js';
export type { HealthReport, Runtime } from './runtime.js';

export {
  platformRecentAudit,
  recordPlatformAudit,
  recordTenantAudit,
} from './audit/audit.queries.js';
export { seedDemo, demoLogins, DEMO_PASSWORD } from './demo/seed-demo.js';
export { createStaffUser } from './identity/create-staff-user.js';
export { IdentityErrors } from './identity/identity.errors.js';
export { staffSignInSchema } from './identity/identity.schemas.js';
export { signInStaff } from './identity/sign-in-staff.js';
export { listStaffAreas } from './identity/staff-areas.js';
export type { StaffAreas } from './identity/staff-areas.js';
export {
  invalidateStaffSession,
  validateStaffSession,
  STAFF_SESSION_TTL_MS,
} from './identity/staff-sessions.js';
export type { StaffIdentity, StaffSession } from './identity/staff-sessions.js';
// --- console two-step verification, second confirmation, notices (issue 5) ---
export {
  changeStaffPassword,
  changeStaffPasswordSchema,
} from './identity/change-staff-password.js';
export { staffAuthContext, staffTwoFactorRequired } from './identity/staff-auth-context.js';
export type { StaffAuth, StaffAuthContext } from './identity/staff-auth-context.js';
export {
  confirmStaffIdentity,
  requireStaffRecentConfirmation,
  staffConfirmedUntil,
} from './identity/staff-confirmation.js';
export { listStaffNotices, markAllStaffNoticesRead } from './identity/staff-notices.js';
export type { StaffNotice } from './identity/staff-notices.js';
export {
  completeStaffSignIn,
  confirmStaffTwoFactorEnrolment,
  disableStaffTwoFactor,
  getStaffSecurity,
  regenerateStaffRecoveryCodes,
  startStaffTwoFactorEnrolment,
} from './identity/staff-two-factor.js';
export type { StaffSecurityOverview } from './identity/staff-two-factor.js';
export type { StaffSignInResult } from './identity/sign-in-staff.js';
// --- end console two-step verification ---
export { createSupplier } from './suppliers/create-supplier.js';
export { platformListSuppliers } from './suppliers/suppliers.queries.js';
export type { SupplierSummary } from './suppliers/suppliers.queries.js';
export { createTenant, RESERVED_SLUGS } from './tenants/create-tenant.js';
export { createTenantResolver, normalizeHost } from './tenants/resolve-tenant.js';
export type { HostResolution, TenantResolver } from './tenants/resolve-tenant.js';
export { platformListTenants } from './tenants/tenants.queries.js';
export type { Tenant, TenantSummary } from './tenants/tenants.queries.js';
export { TenantErrors } from './tenants/tenants.errors.js';
export { asPlatform, asSystem, withTenant } from '@cardshop/db';
export type { PlatformActor, PlatformTx, ScopedTx, TenantTx, Branding } from '@cardshop/db';

// --- storefront browsing (issue 3, item 4) ---
export { getShopHome } from './storefront/get-shop-home.js';
export { getCategoryPage } from './storefront/get-category-page.js';
export { getProductPage } from './storefront/get-product-page.js';
export { searchShop } from './storefront/search-shop.js';
export { stockView } from './storefront/stock-view.js';
export type { StockLevel, StockView } from './storefront/stock-view.js';
export { StorefrontErrors } from './storefront/storefront.errors.js';
export { SEARCH_MAX_LENGTH } from './storefront/storefront.schemas.js';
export type {
  CategoryPage,
  PageInfo,
  ProductCard,
  ProductPage,
  ProductPageSku,
  SearchPage,
  ShopCategory,
  ShopHomePage,
} from './storefront/storefront.types.js';
// --- end storefront browsing ---
// --- catalog and reseller listings (issue 3, items 1 and 3) ---
export * from './catalog/index.js';
export * from './changes/index.js';
export * from './listings/index.js';
export * from './notifications/index.js';
export * from './storage/index.js';
// --- end catalog and reseller listings ---
// --- card-code inventory (issue 3, item 2) ---
export * from './inventory/index.js';
// --- end card-code inventory ---
// --- customer accounts and account security (issue 5) ---
export * from './customers/index.js';
export * from './messaging/index.js';
export * from './security/index.js';
// --- end customer accounts and account security ---
// --- console catalog screens (issue 3, item 5): the supplier scope for console actions ---
export { withSupplier } from '@cardshop/db';
export type { SupplierTx } from '@cardshop/db';
// --- end console catalog screens ---
// --- buying: orders, payments, delivery, ledger (issue 4) ---
export * from './orders/index.js';
export * from './payments/index.js';
export * from './delivery/index.js';
export * from './ledger/index.js';
// --- end buying ---
// --- platform settings (issue 4: the platform fee) ---
export * from './settings/index.js';
// --- end platform settings ---
// --- order page, 查单, order history (issue 4) ---
export * from './order-view/index.js';
// --- end order page ---
// --- balance top-ups (issue 4) ---
export * from './balance/index.js';
// --- end balance top-ups ---
// --- cart and checkout (issue 4) ---
export * from './cart/index.js';
export * from './checkout/index.js';
// --- end cart and checkout ---
// --- sign-in with WeChat / QQ, claiming guest orders (issue 5) ---
export * from './oauth/index.js';
export * from './order-claims/index.js';
// --- end sign-in with WeChat / QQ ---
// --- security centre: GeoIP, security records, console devices, audit search (issue 5) ---
export * from './security-centre/index.js';
// --- end security centre ---
// --- staff roles, permissions and team invitations (issue 5, item 5) ---
export * from './team/index.js';
// --- end staff roles ---
// --- finance page, payout accounts, card-code export (issue 5, item 8) ---
export * from './finance/index.js';
export { staffConfirmationMethods } from './identity/staff-confirmation.js';
// --- end finance page ---
// --- shop API keys and the public read API (issue 5, item 8) ---
export * from './api-keys/index.js';
export * from './shop-api/index.js';
// --- end shop API keys ---
