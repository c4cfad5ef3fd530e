import type { Migration } from 'kysely';
import * as m100000 from './2026_11_25_100000_create_roles.js';
import * as m100100 from './2026_11_25_100100_create_tenants.js';
import * as m100200 from './2026_11_25_100200_create_staff.js';
import * as m100300 from './2026_11_25_100300_create_suppliers.js';
import * as m100400 from './2026_11_25_100400_create_audit_log.js';
import * as m100500 from './2026_11_25_100500_create_outbox.js';
import * as m110000 from './2026_11_25_110000_create_catalog.js';
import * as m110100 from './2026_11_25_110100_create_card_codes.js';
import * as m110200 from './2026_11_25_110200_create_listings.js';
import * as m120100 from './2026_11_25_120100_create_storefront_search.js';
import * as m120110 from './2026_11_25_120110_create_storefront_category_page.js';
import * as m120200 from './2026_11_25_120200_grant_tenant_stock_display.js';
import * as m120400 from './2026_11_25_120400_create_staff_self_scope.js';
import * as m130000 from './2026_11_25_130000_create_customers.js';
import * as m140000 from './2026_11_25_140000_create_orders.js';
import * as m140100 from './2026_11_25_140100_create_payments.js';
import * as m140200 from './2026_11_25_140200_create_ledger.js';
import * as m140300 from './2026_11_25_140300_create_fulfilment.js';
import * as m261100000 from './2026_11_26_100000_create_carts.js';
import * as m261100100 from './2026_11_26_100100_add_tenant_checkout_settings.js';
import * as m261110000 from './2026_11_26_110000_create_code_reveals.js';
import * as m261110100 from './2026_11_26_110100_add_order_lookup_codes.js';
import * as m261120000 from './2026_11_26_120000_create_platform_settings.js';
import * as m261120100 from './2026_11_26_120100_create_test_gateway_charges.js';
import * as m261120200 from './2026_11_26_120200_create_order_code_emails.js';
import * as m261130000 from './2026_11_26_130000_add_shipment_details.js';
import * as m261140000 from './2026_11_26_140000_create_balance_topups.js';
import * as m261150000 from './2026_11_26_150000_create_change_feed.js';
import * as m261160000 from './2026_11_26_160000_create_two_factor.js';
import * as m261170000 from './2026_11_26_170000_create_customer_identities.js';
import * as m261170100 from './2026_11_26_170100_create_customer_contact_proofs.js';
import * as m261180000 from './2026_11_26_180000_create_staff_invitations.js';
import * as m261190000 from './2026_11_26_190000_create_security_event_views.js';
import * as m261200000 from './2026_11_26_200000_create_payout_accounts.js';
import * as m261200100 from './2026_11_26_200100_describe_ledger_lines.js';
import * as m261210000 from './2026_11_26_210000_create_stock_holds.js';
import * as m261210100 from './2026_11_26_210100_create_stock_adjustments.js';
import * as m261210200 from './2026_11_26_210200_count_physical_stock_on_storefront.js';
import * as m261220000 from './2026_11_26_220000_create_api_keys.js';

/**
 * Every migration, by file name. Imported statically so that bundlers, tsx and Vitest all load
 * the same code; migrate.test.ts fails when a file in this folder is missing here.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_25_100000_create_roles': m100000,
  '2026_11_25_100100_create_tenants': m100100,
  '2026_11_25_100200_create_staff': m100200,
  '2026_11_25_100300_create_suppliers': m100300,
  '2026_11_25_100400_create_audit_log': m100400,
  '2026_11_25_100500_create_outbox': m100500,
  '2026_11_25_110000_create_catalog': m110000,
  '2026_11_25_110100_create_card_codes': m110100,
  '2026_11_25_110200_create_listings': m110200,
  '2026_11_25_120100_create_storefront_search': m120100,
  '2026_11_25_120110_create_storefront_category_page': m120110,
  '2026_11_25_120200_grant_tenant_stock_display': m120200,
  '2026_11_25_120400_create_staff_self_scope': m120400,
  '2026_11_25_130000_create_customers': m130000,
  '2026_11_25_140000_create_orders': m140000,
  '2026_11_25_140100_create_payments': m140100,
  '2026_11_25_140200_create_ledger': m140200,
  '2026_11_25_140300_create_fulfilment': m140300,
  '2026_11_26_100000_create_carts': m261100000,
  '2026_11_26_100100_add_tenant_checkout_settings': m261100100,
  '2026_11_26_110000_create_code_reveals': m261110000,
  '2026_11_26_110100_add_order_lookup_codes': m261110100,
  '2026_11_26_120000_create_platform_settings': m261120000,
  '2026_11_26_120100_create_test_gateway_charges': m261120100,
  '2026_11_26_120200_create_order_code_emails': m261120200,
  '2026_11_26_130000_add_shipment_details': m261130000,
  '2026_11_26_140000_create_balance_topups': m261140000,
  '2026_11_26_150000_create_change_feed': m261150000,
  '2026_11_26_160000_create_two_factor': m261160000,
  '2026_11_26_170000_create_customer_identities': m261170000,
  '2026_11_26_170100_create_customer_contact_proofs': m261170100,
  '2026_11_26_180000_create_staff_invitations': m261180000,
  '2026_11_26_190000_create_security_event_views': m261190000,
  '2026_11_26_200000_create_payout_accounts': m261200000,
  '2026_11_26_200100_describe_ledger_lines': m261200100,
  '2026_11_26_210000_create_stock_holds': m261210000,
  '2026_11_26_210100_create_stock_adjustments': m261210100,
  '2026_11_26_210200_count_physical_stock_on_storefront': m261210200,
  '2026_11_26_220000_create_api_keys': m261220000,
};
