export { appConnectionString, connectPostgres, openEmbedded } from './client.js';
export type {
  ChannelListener,
  Database,
  DatabaseHandle,
  EmbeddedOptions,
  PostgresOptions,
} from './client.js';
export { migrateDown, migrateToLatest, MigrationError, setAppRolePassword } from './migrate.js';
export { APP_ROLE, PLATFORM_ROLE } from './roles.js';
export { asPlatform, asStaffUser, asSystem, withSupplier, withTenant } from './scope.js';
export type {
  PlatformActor,
  PlatformTx,
  ScopedTx,
  StaffUserTx,
  SupplierTx,
  TenantTx,
} from './scope.js';
export type * from './schema.js';
export { PUBLIC_OWNER_KEY } from './schema.js';
export { sql } from 'kysely';
export { openDatabase } from './open.js';
export type { OpenDatabaseOptions } from './open.js';
