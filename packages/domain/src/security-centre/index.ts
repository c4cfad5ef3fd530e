export {
  formatLocation,
  geoIp,
  geoIpFromReader,
  geoIpOf,
  isLocalAddress,
  locateIps,
} from '../security/geoip.js';
export type { GeoIp, GeoRecordReader, LocationLang } from '../security/geoip.js';
export { auditSearchSchema, platformSearchAudit } from '../audit/platform-search-audit.js';
export type {
  AuditEntry,
  AuditPage,
  AuditSearch,
  AuditSearchInput,
} from '../audit/platform-search-audit.js';
export { getCustomerDevices, getCustomerSecurityCentre } from './customer-security-centre.js';
export type { CustomerDevice, CustomerSecurityCentre } from './customer-security-centre.js';
export {
  CUSTOMER_ACCOUNT_ACTIONS,
  CUSTOMER_SIGN_IN_ACTIONS,
  SECURITY_ACTIONS,
  STAFF_SECURITY_ACTIONS,
} from './security-events.js';
export type { SecurityEvent } from './security-events.js';
export {
  getStaffAccountSecurity,
  revokeOtherStaffSessions,
  revokeStaffSession,
  signOutStaff,
} from './staff-security-centre.js';
export type { StaffAccountSecurity, StaffDevice } from './staff-security-centre.js';
