export { buildStaff, buildSupplier, buildTenant, TEST_PASSWORD } from './factories.js';
export { useTestDatabase } from './database.js';
export { expectConsoleError } from './setup.js';
export { useTestRuntime, TEST_REDIS_URL } from './runtime.js';
export { seedShopCatalog, type SeedShopCatalogOptions } from './storefront-factories.js';
export {
  buildCodeVault,
  buildInventorySku,
  countInventoryRows,
  type InventorySku,
} from './inventory-factories.js';
export * from './catalog-factories.js';
export * from './customer-factories.js';
export * from './buying-factories.js';
