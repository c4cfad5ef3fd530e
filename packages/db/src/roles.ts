/** Tenant traffic: no BYPASSRLS, owns nothing, inherits nothing. */
export const APP_ROLE = 'cardshop_app';
/** The audited platform scope; the application role may SET LOCAL ROLE to it inside asPlatform. */
export const PLATFORM_ROLE = 'cardshop_platform';
