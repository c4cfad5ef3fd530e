// Table types for Kysely. Keep in step with ../migrations: one interface per table, columns in
// migration order; Generated<> marks columns with a database default.
import type { ColumnType } from 'kysely';

/** A column with a database default (kysely-codegen's definition: unwraps a ColumnType). */
export type Generated<T> =
  T extends ColumnType<infer S, infer I, infer U>
    ? ColumnType<S, I | undefined, U>
    : ColumnType<T, T | undefined, T>;

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export type TenantStatus = 'active' | 'suspended' | 'closed';
export type DomainStatus = 'pending' | 'verified' | 'failed';
export type StaffRole = 'owner' | 'manager' | 'support' | 'finance';
export type PlatformRole = 'admin' | 'operator' | 'support';
export type SupplierStatus = 'pending' | 'approved' | 'suspended' | 'rejected';

export interface Branding {
  primaryColor?: string;
  accentColor?: string;
  logoText?: string;
  tagline?: string;
  notice?: string;
}

export type StockDisplay = 'exact' | 'range' | 'status';

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  status: Generated<TenantStatus>;
  branding: Json<Branding>;
  stock_display: Generated<StockDisplay>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  // 2026_11_26_100100_add_tenant_checkout_settings
  order_expiry_minutes: Generated<number>;
  open_orders_per_ip: Generated<number>;
  open_orders_per_contact: Generated<number>;
  open_orders_per_customer: Generated<number>;
}

export interface TenantDomainsTable {
  tenant_id: string;
  hostname: string;
  status: Generated<DomainStatus>;
  verification_token: string;
  verified_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface StaffUsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  status: Generated<'active' | 'disabled'>;
  created_at: Generated<Timestamp>;
  last_sign_in_at: Timestamp | null;
}

export interface PlatformStaffTable {
  user_id: string;
  role: PlatformRole;
  created_at: Generated<Timestamp>;
}

export interface StaffSessionsTable {
  id: string;
  user_id: string;
  secret_hash: Uint8Array;
  created_at: Generated<Timestamp>;
  last_used_at: Generated<Timestamp>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  // 2026_11_26_160000_create_two_factor: when the person last confirmed it was them again.
  confirmed_at: Timestamp | null;
}

export interface TenantMembershipsTable {
  tenant_id: string;
  user_id: string;
  role: StaffRole;
  created_at: Generated<Timestamp>;
}

export interface SuppliersTable {
  id: Generated<string>;
  slug: string;
  name: string;
  status: Generated<SupplierStatus>;
  contact_email: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Set for a reseller's own private supplier: its goods are sold only in that shop. */
  owner_tenant_id: string | null;
}

export interface SupplierStaffTable {
  supplier_id: string;
  user_id: string;
  role: StaffRole;
  created_at: Generated<Timestamp>;
}

export type AuditActorType = 'staff' | 'customer' | 'system' | 'api';

export interface TenantAuditLogTable {
  tenant_id: string;
  id: Generated<string>;
  occurred_at: Generated<Timestamp>;
  actor_type: AuditActorType;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  data: Json;
}

export interface PlatformAuditLogTable {
  id: Generated<string>;
  occurred_at: Generated<Timestamp>;
  actor_type: 'staff' | 'system';
  actor_id: string | null;
  action: string;
  subject_tenant_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  data: Json;
}

export interface OutboxTable {
  id: string;
  queue: string;
  name: string;
  payload: Json<unknown>;
  run_at: Generated<Timestamp>;
  created_at: Generated<Timestamp>;
  dispatched_at: Timestamp | null;
  completed_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface CategoriesTable {
  id: Generated<string>;
  parent_id: string | null;
  slug: string;
  name: string;
  name_en: string;
  icon: Generated<string>;
  sort_order: Generated<number>;
  status: Generated<'active' | 'hidden'>;
  created_at: Generated<Timestamp>;
}

export type ProductType = 'card_code' | 'direct_topup' | 'physical_card';

/** One account field a direct_topup buyer fills in. */
export interface TopupField {
  key: string;
  label: string;
  kind: 'mobile_cn' | 'qq' | 'email' | 'game_id' | 'text';
  /** Extra rule for kind 'game_id' / 'text': a regular expression the whole value must match. */
  pattern?: string;
  required: boolean;
}

export interface ProductsTable {
  id: Generated<string>;
  supplier_id: string;
  owner_tenant_id: string | null;
  category_id: string;
  type: ProductType;
  name: string;
  description_md: Generated<string>;
  image_path: string | null;
  topup_fields: Json<TopupField[]>;
  region_lock: string | null;
  status: Generated<'draft' | 'active' | 'delisted'>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface SkusTable {
  id: Generated<string>;
  product_id: string;
  supplier_id: string;
  owner_tenant_id: string | null;
  name: string;
  face_value_fen: number | null;
  wholesale_price_fen: number;
  min_per_order: Generated<number>;
  max_per_order: Generated<number>;
  status: Generated<'active' | 'inactive' | 'delisted'>;
  code_kind: Generated<'single' | 'reusable'>;
  reuse_limit: number | null;
  low_stock_threshold: Generated<number>;
  sort_order: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Generated: owner_tenant_id, or the zero uuid for public goods. */
  owner_key: ColumnType<string, never, never>;
}

export const PUBLIC_OWNER_KEY = '00000000-0000-0000-0000-000000000000';

export interface SkuStockTable {
  sku_id: string;
  supplier_id: string;
  owner_tenant_id: string | null;
  available: Generated<number>;
  reserved: Generated<number>;
  sold: Generated<number>;
  low_stock_notified_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export interface CodeBatchesTable {
  id: Generated<string>;
  supplier_id: string;
  sku_id: string;
  source: 'paste' | 'file' | 'cli';
  filename: string | null;
  status: Generated<'importing' | 'done' | 'failed'>;
  total_lines: Generated<number>;
  imported: Generated<number>;
  duplicates_in_file: Generated<number>;
  duplicates_in_stock: Generated<number>;
  malformed: Generated<number>;
  voided: Generated<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  error: string | null;
}

export type CodeState = 'available' | 'reserved' | 'sold' | 'voided' | 'quarantined' | 'held';

export interface CardCodesTable {
  id: Generated<string>;
  sku_id: string;
  supplier_id: string;
  batch_id: string;
  key_id: string;
  sealed: Uint8Array;
  blind_index: Uint8Array;
  state: Generated<CodeState>;
  sell_limit: Generated<number>;
  sold_count: Generated<number>;
  expires_on: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reserved_until: Timestamp | null;
  created_at: Generated<Timestamp>;
  sold_at: Timestamp | null;
  voided_at: Timestamp | null;
  /** Allocations handed out so far; numbers the uses of a shared-account code. */
  allocation_seq: Generated<number>;
}

export interface NotificationColumns {
  id: Generated<string>;
  kind: string;
  title: string;
  body: Generated<string>;
  data: Json;
  read_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface SupplierNotificationsTable extends NotificationColumns {
  supplier_id: string;
}

export interface TenantNotificationsTable extends NotificationColumns {
  tenant_id: string;
}

export interface ShopCategoriesTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  name: string;
  icon: Generated<string>;
  sort_order: Generated<number>;
  visible: Generated<boolean>;
  created_at: Generated<Timestamp>;
}

export interface ListingsTable {
  tenant_id: string;
  id: Generated<string>;
  sku_id: string;
  /** The listed SKU's owner_key (see SkusTable): PUBLIC_OWNER_KEY or this shop's id. */
  sku_owner_key: string;
  product_id: string;
  shop_category_id: string | null;
  pricing_mode: 'fixed' | 'markup';
  retail_price_fen: number | null;
  markup_bps: number | null;
  price_fen: number;
  status: Generated<'active' | 'below_wholesale' | 'supplier_delisted'>;
  visible: Generated<boolean>;
  featured: Generated<boolean>;
  sort_order: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export type CustomerStatus = 'active' | 'disabled';
export type VerificationChannel = 'sms' | 'email';
export type VerificationPurpose =
  | 'sign_in'
  | 'register'
  | 'reset_password'
  | 'verify'
  // 2026_11_26_110100_add_order_lookup_codes: 查单 by phone or email.
  | 'order_lookup'
  // 2026_11_26_160000_create_two_factor: a code to a new phone or email before switching to it.
  | 'change_contact';

export interface CustomersTable {
  tenant_id: string;
  id: Generated<string>;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  display_name: string;
  status: Generated<CustomerStatus>;
  created_at: Generated<Timestamp>;
  last_sign_in_at: Timestamp | null;
}

export interface CustomerSessionsTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  secret_hash: Uint8Array;
  remember: Generated<boolean>;
  created_at: Generated<Timestamp>;
  last_used_at: Generated<Timestamp>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  // 2026_11_26_160000_create_two_factor: when the person last confirmed it was them again.
  confirmed_at: Timestamp | null;
}

export interface VerificationCodesTable {
  tenant_id: string;
  id: string;
  channel: VerificationChannel;
  destination: string;
  purpose: VerificationPurpose;
  code_hash: Uint8Array;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: Timestamp | null;
}

// --- buying: orders, payments, ledger, fulfilment (issue 4) ---
export type OrderStatus =
  | 'pending_payment'
  | 'paid'
  | 'delivered'
  | 'partially_delivered'
  | 'cancelled'
  | 'expired'
  | 'refunded'
  | 'partially_refunded';
export type OrderLineStatus =
  'pending_payment' | 'paid' | 'delivered' | 'refunded' | 'cancelled' | 'expired';

export interface ShippingAddress {
  name: string;
  phone: string;
  region: string;
  address: string;
  postalCode?: string;
}

export interface OrdersTable {
  tenant_id: string;
  id: Generated<string>;
  number: string;
  idempotency_key: string;
  request_hash: Uint8Array;
  customer_id: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  lookup_password_hash: string | null;
  status: Generated<OrderStatus>;
  currency: Generated<string>;
  total_fen: number;
  wholesale_fen: number;
  platform_fee_fen: number | null;
  refunded_fen: Generated<number>;
  expires_at: Timestamp;
  ip: string | null;
  created_at: Generated<Timestamp>;
  paid_at: Timestamp | null;
  delivered_at: Timestamp | null;
  closed_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export interface OrderLinesTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  line_no: number;
  listing_id: string;
  product_id: string;
  sku_id: string;
  supplier_id: string;
  product_type: ProductType;
  product_name: string;
  sku_name: string;
  unit_price_fen: number;
  unit_wholesale_fen: number;
  quantity: number;
  /** Generated: unit_price_fen * quantity. */
  total_fen: ColumnType<number, never, never>;
  platform_fee_fen: number | null;
  topup_account: Json<Record<string, string>> | null;
  shipping_address: Json<ShippingAddress> | null;
  status: Generated<OrderLineStatus>;
  created_at: Generated<Timestamp>;
  delivered_at: Timestamp | null;
  refunded_at: Timestamp | null;
}

export interface CodeAllocationsTable {
  code_id: string;
  unit: number;
  sku_id: string;
  supplier_id: string;
  order_tenant_id: string;
  order_id: string;
  order_line_id: string;
  state: Generated<'reserved' | 'sold'>;
  reserved_at: Generated<Timestamp>;
  sold_at: Timestamp | null;
}

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded';

export interface PaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  /** 2026_11_26_140000_create_balance_topups: exactly one of order_id and topup_id is set. */
  order_id: string | null;
  topup_id: string | null;
  provider: string;
  provider_transaction_id: string | null;
  amount_fen: number;
  currency: Generated<string>;
  status: Generated<PaymentStatus>;
  created_at: Generated<Timestamp>;
  succeeded_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export type PaymentNotificationOutcome =
  | 'paid'
  | 'late_paid'
  | 'late_refunded'
  | 'duplicate_refunded'
  | 'amount_mismatch'
  | 'payment_failed'
  | 'ignored';

export interface PaymentNotificationsTable {
  tenant_id: string;
  id: Generated<string>;
  provider: string;
  event_id: string;
  provider_transaction_id: string;
  payment_id: string;
  body_sha256: Uint8Array;
  amount_fen: number;
  currency: string;
  outcome: PaymentNotificationOutcome;
  received_at: Generated<Timestamp>;
}

export type RefundDestination = 'balance' | 'original_payment';
export type RefundReason =
  'late_payment_no_stock' | 'duplicate_payment' | 'fulfilment_failed' | 'requested';

export interface RefundsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  order_line_id: string | null;
  payment_id: string | null;
  amount_fen: number;
  currency: Generated<string>;
  destination: RefundDestination;
  reason: RefundReason;
  status: Generated<'pending' | 'succeeded' | 'failed'>;
  provider_refund_id: string | null;
  last_error: string | null;
  created_at: Generated<Timestamp>;
  completed_at: Timestamp | null;
}

export type LedgerAccountKind =
  | 'customer_balance'
  | 'supplier_payable'
  | 'reseller_payable'
  | 'platform_revenue'
  | 'gateway_clearing'
  | 'refunds_payable';

export interface LedgerAccountsTable {
  id: string;
  kind: LedgerAccountKind;
  currency: Generated<string>;
  owner_tenant_id: string | null;
  owner_supplier_id: string | null;
  owner_customer_id: string | null;
  provider: string | null;
  created_at: Generated<Timestamp>;
}

export interface LedgerEntriesTable {
  id: Generated<string>;
  kind: string;
  idempotency_key: string;
  origin_tenant_id: string | null;
  order_id: string | null;
  payment_id: string | null;
  refund_id: string | null;
  reverses_entry_id: string | null;
  memo: Generated<string>;
  created_at: Generated<Timestamp>;
}

export interface LedgerLinesTable {
  entry_id: string;
  line_no: number;
  account_id: string;
  currency: string;
  amount_fen: number;
  /** The entry's kind and time, copied onto the line as it is written (a trigger). */
  entry_kind: Generated<string>;
  posted_at: Generated<Timestamp>;
}

export type FulfilmentTaskStatus = 'pending' | 'accepted' | 'done' | 'failed';

export interface FulfilmentTasksTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  order_line_id: string;
  supplier_id: string;
  sku_id: string;
  product_name: string;
  sku_name: string;
  quantity: number;
  account: Json<Record<string, string>>;
  status: Generated<FulfilmentTaskStatus>;
  supplier_note: string | null;
  created_at: Generated<Timestamp>;
  accepted_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export type ShipmentStatus = 'pending' | 'shipped' | 'delivered' | 'exception' | 'cancelled';

export interface ShipmentsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  order_line_id: string;
  supplier_id: string;
  quantity: number;
  address: Json<ShippingAddress>;
  status: Generated<ShipmentStatus>;
  carrier: string | null;
  tracking_number: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  // 2026_11_26_130000_add_shipment_details: what to send, and when it was sent.
  sku_id: string;
  product_name: string;
  sku_name: string;
  shipped_at: Timestamp | null;
}
// --- end buying ---

// --- order page: code reveals (issue 4) ---
export interface CodeRevealsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  /** null with scope 'all'. */
  code_id: string | null;
  scope: 'code' | 'all';
  via: 'page' | 'txt';
  revealed_at: Generated<Timestamp>;
  ip: string | null;
  user_agent: string | null;
  customer_id: string | null;
  customer_session_id: string | null;
  browser_id: string | null;
}
// --- end order page ---

// --- payments over HTTP, platform fee, codes mail (issue 4) ---
export interface PlatformSettingsTable {
  id: Generated<boolean>;
  platform_fee_bps: Generated<number>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

export interface TestGatewayChargesTable {
  tenant_id: string;
  id: Generated<string>;
  payment_id: string;
  status: 'succeeded' | 'failed';
  event_id: string;
  transaction_id: string;
  created_at: Generated<Timestamp>;
  acknowledged_at: Timestamp | null;
}

export interface OrderCodeEmailsTable {
  tenant_id: string;
  order_id: string;
  recipient: string;
  created_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
}
// --- end payments over HTTP ---

// --- carts (issue 4) ---
export interface CartsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string | null;
  guest_token_hash: Uint8Array | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface CartItemsTable {
  tenant_id: string;
  cart_id: string;
  listing_id: string;
  quantity: number;
  added_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}
// --- end carts ---

// --- balance top-ups (issue 4) ---
export type BalanceTopupStatus = 'pending' | 'succeeded' | 'failed' | 'expired';

export interface BalanceTopupsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  amount_fen: number;
  currency: Generated<string>;
  status: Generated<BalanceTopupStatus>;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  paid_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}
// --- end balance top-ups ---

// --- two-step verification, second confirmation, security notices (issue 5) ---
export interface StaffTwoFactorTable {
  user_id: string;
  secret_sealed: Uint8Array | null;
  enabled_at: Timestamp | null;
  last_used_step: number | null;
  pending_secret_sealed: Uint8Array | null;
  pending_created_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export interface StaffRecoveryCodesTable {
  user_id: string;
  code_hash: Uint8Array;
  created_at: Generated<Timestamp>;
  used_at: Timestamp | null;
}

export interface StaffNoticesTable {
  user_id: string;
  id: Generated<string>;
  kind: string;
  title: string;
  body: string;
  created_at: Generated<Timestamp>;
  read_at: Timestamp | null;
}

export interface CustomerTwoFactorTable {
  tenant_id: string;
  customer_id: string;
  secret_sealed: Uint8Array | null;
  enabled_at: Timestamp | null;
  last_used_step: number | null;
  pending_secret_sealed: Uint8Array | null;
  pending_created_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export interface CustomerRecoveryCodesTable {
  tenant_id: string;
  customer_id: string;
  code_hash: Uint8Array;
  created_at: Generated<Timestamp>;
  used_at: Timestamp | null;
}

export interface CustomerNoticesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  kind: string;
  title: string;
  body: string;
  created_at: Generated<Timestamp>;
  read_at: Timestamp | null;
}
// --- end two-step verification ---
// --- sign-in with WeChat / QQ, contact proofs (issue 5) ---
export type OAuthProviderId = 'wechat' | 'qq';

export interface CustomerIdentitiesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  provider: OAuthProviderId;
  /** unionid when the provider gave one, else openid. */
  subject: string;
  openid: string;
  unionid: string | null;
  nickname: string | null;
  avatar_url: string | null;
  linked_at: Generated<Timestamp>;
  last_sign_in_at: Timestamp | null;
}

export interface CustomerOauthFlowsTable {
  tenant_id: string;
  id: string;
  provider: OAuthProviderId;
  intent: 'sign_in' | 'link';
  customer_id: string | null;
  browser_hash: Uint8Array;
  redirect_uri: string;
  return_to: Generated<string>;
  remember: Generated<boolean>;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  returned_at: Timestamp | null;
  subject: string | null;
  openid: string | null;
  unionid: string | null;
  nickname: string | null;
  avatar_url: string | null;
  finished_at: Timestamp | null;
}

export interface CustomerContactProofsTable {
  tenant_id: string;
  session_id: string;
  customer_id: string;
  kind: 'phone' | 'email';
  destination: string;
  verified_at: Generated<Timestamp>;
}
// --- end sign-in with WeChat / QQ ---

// --- security centre (issue 5) ---
/** 2026_11_26_190000: the signed-in console user's own rows of platform_audit_log (a view). */
export interface StaffOwnAuditView {
  id: string;
  occurred_at: Timestamp;
  actor_type: 'staff' | 'system';
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  data: Json;
}
// --- end security centre ---

// --- team invitations (issue 5, item 5) ---
/** An emailed invitation to join a team; the link carries `<id>.<secret>`, sha256(secret) is kept. */
export interface InvitationColumns {
  id: string;
  email: string;
  role: StaffRole;
  token_hash: Uint8Array;
  invited_by: string | null;
  created_at: Generated<Timestamp>;
  sent_at: Generated<Timestamp>;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface TenantInvitationsTable extends InvitationColumns {
  tenant_id: string;
}

export interface SupplierInvitationsTable extends InvitationColumns {
  supplier_id: string;
}
// --- end team invitations ---

// --- counted stock for physical cards ---
export type StockHoldState = 'reserved' | 'sold';

/** Units of a physical card one order line holds (2026_11_26_210000_create_stock_holds). */
export interface StockHoldsTable {
  tenant_id: string;
  order_line_id: string;
  order_id: string;
  sku_id: string;
  supplier_id: string;
  quantity: number;
  state: Generated<StockHoldState>;
  reserved_at: Generated<Timestamp>;
  sold_at: Timestamp | null;
}

export type StockAdjustmentKind = 'set' | 'add' | 'remove';

/** A supplier's change to a physical card's quantity on hand (append-only). */
export interface StockAdjustmentsTable {
  id: Generated<string>;
  supplier_id: string;
  sku_id: string;
  kind: StockAdjustmentKind;
  quantity: number;
  on_hand_before: number;
  on_hand_after: number;
  reason: string;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}
// --- end counted stock ---

// --- payout accounts (issue 5, item 8) ---
export type PayoutAccountKind = 'alipay' | 'bank_card';

/** A payout account: sealed in full, with hints fit to show. */
export interface PayoutAccountColumns {
  kind: PayoutAccountKind;
  bank_name: string | null;
  account_hint: string;
  holder_hint: string;
  sealed: Uint8Array;
  updated_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface ShopPayoutAccountsTable extends PayoutAccountColumns {
  tenant_id: string;
}

export interface SupplierPayoutAccountsTable extends PayoutAccountColumns {
  supplier_id: string;
}
// --- end payout accounts ---

// --- shop API keys (2026_11_26_220000_create_api_keys) ---
export type ApiKeyScope = 'catalog:read' | 'orders:read';

export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  prefix: string;
  secret_hash: Uint8Array;
  scopes: ApiKeyScope[];
  created_by: string | null;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  last_used_ip: string | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}
// --- end shop API keys ---

export interface DB {
  tenants: TenantsTable;
  tenant_domains: TenantDomainsTable;
  staff_users: StaffUsersTable;
  platform_staff: PlatformStaffTable;
  staff_sessions: StaffSessionsTable;
  tenant_memberships: TenantMembershipsTable;
  suppliers: SuppliersTable;
  supplier_staff: SupplierStaffTable;
  tenant_audit_log: TenantAuditLogTable;
  platform_audit_log: PlatformAuditLogTable;
  outbox: OutboxTable;
  categories: CategoriesTable;
  products: ProductsTable;
  skus: SkusTable;
  sku_stock: SkuStockTable;
  code_batches: CodeBatchesTable;
  card_codes: CardCodesTable;
  supplier_notifications: SupplierNotificationsTable;
  shop_categories: ShopCategoriesTable;
  listings: ListingsTable;
  tenant_notifications: TenantNotificationsTable;
  customers: CustomersTable;
  customer_sessions: CustomerSessionsTable;
  verification_codes: VerificationCodesTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  code_allocations: CodeAllocationsTable;
  payments: PaymentsTable;
  payment_notifications: PaymentNotificationsTable;
  refunds: RefundsTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_lines: LedgerLinesTable;
  fulfilment_tasks: FulfilmentTasksTable;
  shipments: ShipmentsTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
  platform_settings: PlatformSettingsTable;
  test_gateway_charges: TestGatewayChargesTable;
  order_code_emails: OrderCodeEmailsTable;
  code_reveals: CodeRevealsTable;
  balance_topups: BalanceTopupsTable;
  staff_two_factor: StaffTwoFactorTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_notices: StaffNoticesTable;
  customer_two_factor: CustomerTwoFactorTable;
  customer_recovery_codes: CustomerRecoveryCodesTable;
  customer_notices: CustomerNoticesTable;
  customer_identities: CustomerIdentitiesTable;
  customer_oauth_flows: CustomerOauthFlowsTable;
  customer_contact_proofs: CustomerContactProofsTable;
  tenant_invitations: TenantInvitationsTable;
  supplier_invitations: SupplierInvitationsTable;
  staff_own_audit: StaffOwnAuditView;
  shop_payout_accounts: ShopPayoutAccountsTable;
  supplier_payout_accounts: SupplierPayoutAccountsTable;
  stock_holds: StockHoldsTable;
  stock_adjustments: StockAdjustmentsTable;
  api_keys: ApiKeysTable;
}
