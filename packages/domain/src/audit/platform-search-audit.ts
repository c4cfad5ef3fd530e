import type { PlatformTx } from '@cardshop/db';
import { z } from 'zod';
import { describeDevice } from '../customers/device.js';
import { maskEmail, maskPhone } from '../customers/mask.js';
import { SECURITY_ACTIONS } from '../security-centre/security-events.js';
import {
  customerContactsOf,
  findCustomerIdsByContact,
  findStaffIdsByEmail,
  findTenantIdBySlug,
  searchPlatformAuditLog,
  searchShopAuditLog,
  staffEmailsOf,
  type AuditFilter,
} from './audit-search.queries.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's text form of a timestamptz, as the cursor carries it. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/** The audit log page's filters, as they come from its query string. Unknown values are dropped. */
export const auditSearchSchema = z.object({
  log: z.enum(['platform', 'shops']).catch('platform'),
  actorType: z.enum(['staff', 'system', 'customer', 'api']).optional().catch(undefined),
  /** An id, a console email, or a customer's phone or email. */
  actor: text(200).catch(undefined),
  /** An action or the start of one: "staff.sign_in", "customer.". */
  action: text(100).catch(undefined),
  securityOnly: z
    .enum(['1', 'on', 'true'])
    .optional()
    .transform((v) => v !== undefined)
    .catch(false),
  /** A shop's slug: its log (shops), or the platform rows about it. */
  shop: text(63).catch(undefined),
  /** The cursor of "older": `<occurred_at>~<id>` of the last row shown. */
  before: text(120).catch(undefined),
});

/** The query string's values, unchecked: whatever a URL carries. */
export type AuditSearchInput = Partial<Record<string, string>>;
export type AuditSearch = z.output<typeof auditSearchSchema>;

export interface AuditEntry {
  id: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  /** The console email of a staff actor, or a customer's masked phone / email. */
  actorLabel: string | null;
  action: string;
  ip: string | null;
  /** "Chrome · Windows" when the row recorded the device. */
  device: string | null;
  shop: { slug: string; name: string } | null;
  target: { type: string; id: string } | null;
  data: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  older: string | null;
  /** The filters as understood (normalised). */
  search: AuditSearch;
}

/**
 * The audit logs for operators, filtered: the platform's own log (console sign-ins, scope use,
 * settings) or every shop's log (customer sign-ins, orders, settings), by actor, action, shop and
 * security events only, newest first, a page at a time. Runs in the platform scope.
 */
export async function platformSearchAudit(
  trx: PlatformTx,
  input: AuditSearchInput,
  limit = 50,
): Promise<AuditPage> {
  const search = auditSearchSchema.parse(input);
  const empty: AuditPage = { entries: [], older: null, search };
  const filter: AuditFilter = { limit: limit + 1, actorType: search.actorType };

  if (search.shop) {
    const tenantId = await findTenantIdBySlug(trx, search.shop.toLowerCase());
    if (!tenantId) return empty;
    filter.tenantId = tenantId;
  }
  if (search.action) filter.actionPrefix = search.action;
  if (search.securityOnly) filter.actions = SECURITY_ACTIONS;
  if (search.before) {
    const [at, id] = search.before.split('~');
    if (at && id && UUID.test(id) && TIMESTAMP.test(at)) {
      filter.before = { at, id };
    }
  }
  if (search.actor) {
    const actor = search.actor;
    const email = actor.includes('@') ? actor.toLowerCase() : null;
    const phone = /^1\d{10}$/.test(actor) ? actor : null;
    if (UUID.test(actor)) filter.actorIds = [actor.toLowerCase()];
    else if (search.log === 'platform' && email) {
      filter.actorIds = await findStaffIdsByEmail(trx, email);
      filter.dataEmail = email;
    } else if (search.log === 'shops' && (email || phone)) {
      filter.actorIds = await findCustomerIdsByContact(
        trx,
        email ? { kind: 'email', value: email } : { kind: 'phone', value: phone! },
        filter.tenantId,
      );
    } else filter.actorIds = [actor];
  }

  const rows =
    search.log === 'shops'
      ? await searchShopAuditLog(trx, filter)
      : await searchPlatformAuditLog(trx, filter);
  const page = rows.slice(0, limit);
  const ids = [
    ...new Set(page.map((r) => r.actor_id).filter((id): id is string => !!id && UUID.test(id))),
  ];
  const labels = new Map<string, string>();
  if (ids.length) {
    if (search.log === 'platform') {
      for (const s of await staffEmailsOf(trx, ids)) labels.set(s.id, s.email);
    } else {
      for (const c of await customerContactsOf(trx, ids)) {
        labels.set(c.id, c.phone ? maskPhone(c.phone) : c.email ? maskEmail(c.email) : '');
      }
    }
  }
  const last = rows.length > limit ? page[page.length - 1] : undefined;
  return {
    entries: page.map((r) => {
      const data = (r.data ?? {}) as Record<string, unknown>;
      const userAgent = typeof data.userAgent === 'string' ? data.userAgent : null;
      return {
        id: r.id,
        occurredAt: r.occurred_at,
        actorType: r.actor_type,
        actorId: r.actor_id,
        actorLabel: (r.actor_id && labels.get(r.actor_id)) || null,
        action: r.action,
        ip: r.ip ?? (typeof data.ip === 'string' ? data.ip : null),
        device: userAgent ? describeDevice(userAgent) : null,
        shop: r.tenant_slug ? { slug: r.tenant_slug, name: r.tenant_name ?? r.tenant_slug } : null,
        target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
        data: r.data,
      };
    }),
    older: last ? `${last.cursor_at}~${last.id}` : null,
    search,
  };
}
