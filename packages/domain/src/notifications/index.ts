export { listTenantNotifications } from './list-tenant-notifications.js';
export { markNotificationsRead } from './mark-notifications-read.js';
export type { TenantNotification } from './notifications.queries.js';
export {
  listSupplierNotifications,
  markSupplierNotificationsRead,
} from './supplier-notifications.js';
export type { SupplierNotification } from './supplier-notifications.js';
