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
export * from './staff-factories.js';
export { fakeWechat, type FakeWechat, type FakeWechatUser } from '../oauth/wechat.mock.js';
export { fakeQq, type FakeQq, type FakeQqUser } from '../oauth/qq.mock.js';
export { writeMmdb, type MmdbRecord, type MmdbValue } from './mmdb-writer.js';
