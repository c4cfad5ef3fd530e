import { withTenant } from '@cardshop/db';
import { recordTenantAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import type { StaffAuth, StaffAuthContext } from '../identity/staff-auth-context.js';
import { requireStaffRecentConfirmation } from '../identity/staff-confirmation.js';
import { findStaffUser } from '../identity/staff-security.queries.js';
import { parseInput } from '../parse-input.js';
import { selectAreaContacts } from '../team/area-members.queries.js';
import {
  composeTeamNotice,
  mailTeamNotice,
  recordTeamNotice,
  type NoticeRecipient,
} from '../team/team-notices.js';
import { requireApiKeyManager, type ApiKeyShop } from './api-key-guard.js';
import { generateApiKeyToken, type NewApiKeyToken } from './api-key-token.js';
import { toApiKeyView, type ApiKeyView } from './api-key-view.js';
import { ApiKeyErrors } from './api-keys.errors.js';
import {
  countActiveApiKeys,
  insertApiKey,
  lockShopApiKeys,
  selectApiKey,
} from './api-keys.queries.js';
import { API_KEY_SCOPES, createApiKeySchema } from './api-keys.schemas.js';

/** Keys in force per shop: enough for every system a shop docks, few enough to keep track of. */
export const MAX_ACTIVE_API_KEYS = 20;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreatedApiKey {
  key: ApiKeyView;
  /** The whole token, `cs_live_<prefix>_<secret>`: shown once, stored nowhere. */
  token: string;
}

/**
 * Creates an API key for the shop. A sensitive operation: a key with orders:read reads every
 * order of the shop from anywhere, so the person needs api.manage (read again here) and a
 * confirmation of their identity within the last 5 minutes. At most MAX_ACTIVE_API_KEYS keys are
 * in force at once. Only sha256 of the secret is stored; the token is returned once. Audited, and
 * every owner of the shop gets a security notice (in-site now, mail after commit).
 */
export async function createApiKey(
  ctx: StaffAuthContext,
  auth: StaffAuth,
  shop: ApiKeyShop,
  input: unknown,
): Promise<CreatedApiKey> {
  const data = parseInput(createApiKeySchema, input, ApiKeyErrors.INVALID_INPUT);
  const nowMs = ctx.now();
  const now = new Date(nowMs);
  const expiresAt =
    data.lifetime === 'never' ? null : new Date(nowMs + Number(data.lifetime) * DAY_MS);

  const { created, notice, recipients } = await withTenant(ctx.db, shop.tenantId, async (trx) => {
    await requireApiKeyManager(trx, shop, auth);
    await requireStaffRecentConfirmation(trx, auth, 'create_api_key', nowMs);

    await lockShopApiKeys(trx, shop.tenantId);
    if ((await countActiveApiKeys(trx, shop.tenantId, now)) >= MAX_ACTIVE_API_KEYS) {
      throw new DomainError(ApiKeyErrors.LIMIT_REACHED, {
        userMessage: `一个店铺最多同时有 ${MAX_ACTIVE_API_KEYS} 个有效的 API 密钥。请先撤销不再使用的密钥。`,
        status: 409,
      });
    }
    // 62^12 prefixes: a collision is all but impossible, and another draw settles it.
    let generated: NewApiKeyToken;
    let id: string | undefined;
    do {
      generated = generateApiKeyToken();
      id = await insertApiKey(trx, {
        tenantId: shop.tenantId,
        name: data.name,
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        scopes: data.scopes,
        createdBy: auth.userId,
        createdAt: now,
        expiresAt,
      });
    } while (!id);
    const row = (await selectApiKey(trx, shop.tenantId, id))!;

    await recordTenantAudit(trx, {
      tenantId: shop.tenantId,
      actor: { type: 'staff', id: auth.userId, ip: ctx.ip },
      action: 'api_key.created',
      target: { type: 'api_key', id },
      data: {
        name: data.name,
        prefix: generated.prefix,
        scopes: data.scopes,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
    });

    const actor = await findStaffUser(trx, { id: auth.userId });
    const who = actor ? `${actor.display_name}（${actor.email}）` : '一位成员';
    const scopes = data.scopes.map((s) => API_KEY_SCOPES[s]).join('、');
    const notice = composeTeamNotice('api_key_created', {
      at: now,
      ip: ctx.ip,
      what: `${who}为店铺「${shop.name}」创建了 API 密钥「${data.name}」（cs_live_${generated.prefix}_…，权限：${scopes}）`,
      advice: data.scopes.includes('orders:read')
        ? '持有这个密钥的程序可以读取店铺的全部订单。如果这不是你们团队的操作，请立即在控制台的「API 密钥」页撤销它，并让这位成员修改密码、检查登录设备。'
        : '如果这不是你们团队的操作，请立即在控制台的「API 密钥」页撤销它，并让这位成员修改密码、检查登录设备。',
    });
    const recipients: NoticeRecipient[] = await selectAreaContacts(
      trx,
      { kind: 'shop', tenantId: shop.tenantId },
      ['owner'],
    );
    await recordTeamNotice(trx, recipients, notice);
    return {
      created: { key: toApiKeyView(row, nowMs), token: generated.token },
      notice,
      recipients,
    };
  });
  await mailTeamNotice(ctx, recipients, notice);
  return created;
}
