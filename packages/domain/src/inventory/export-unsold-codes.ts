import { withSupplier, type SupplierTx } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import type { StaffAuth, StaffAuthContext } from '../identity/staff-auth-context.js';
import { requireStaffRecentConfirmation } from '../identity/staff-confirmation.js';
import { findStaffUser } from '../identity/staff-security.queries.js';
import { enforceRateLimits, RATE_LIMITS } from '../security/limits.js';
import { assertPermission } from '../team/permissions.js';
import { TeamErrors } from '../team/team.errors.js';
import { selectAreaContacts, selectAreaRole } from '../team/area-members.queries.js';
import { composeTeamNotice, mailTeamNotice, recordTeamNotice } from '../team/team-notices.js';
import type { CodeSecret, CodeVault } from './code-crypto.js';
import {
  countUnsoldCodes,
  findExportTarget,
  lockUnsoldCodes,
  type ExportTargetRow,
  type ExportWhich,
} from './code-export.queries.js';
import { InventoryErrors } from './inventory.errors.js';
import { exportCodesSchema, parseInventoryInput } from './inventory.schemas.js';
import { voidUnsoldCodes } from './void-unsold-codes.js';

export interface CodeExportPreview {
  which: 'batch' | 'sku';
  skuId: string;
  skuName: string;
  productId: string;
  productName: string;
  batchId: string | null;
  batchCreatedAt: Date | null;
  batchFilename: string | null;
  /** Codes still available (a shared-account code counts once), what the file would hold. */
  unsold: number;
}

export interface CodeExportFile {
  /** 卡密_<product>_<SKU>_<time>.txt */
  filename: string;
  /** codes-<time>.txt, for clients that do not read UTF-8 file names. */
  asciiFilename: string;
  /** UTF-8 with a BOM (so Notepad and Excel read Chinese right), one code a line, CRLF. */
  text: string;
  count: number;
  offSale: boolean;
}

/** Codes taken off sale per statement: voidUnsoldCodes' largest list. */
const VOID_CHUNK = 1000;

function which(input: { batchId: string } | { skuId: string }): ExportWhich {
  return 'batchId' in input ? { batchId: input.batchId } : { skuId: input.skuId };
}

async function resolveTarget(trx: SupplierTx, target: ExportWhich): Promise<ExportTargetRow> {
  const row = await findExportTarget(trx, target);
  if (!row || !row.owned) {
    throw 'batchId' in target
      ? new DomainError(InventoryErrors.BATCH_NOT_FOUND, {
          userMessage: '找不到这个导入批次',
          status: 404,
        })
      : new DomainError(InventoryErrors.SKU_NOT_FOUND, {
          userMessage: '找不到这个 SKU，或它不是你的商品',
          status: 404,
        });
  }
  if (row.productType !== 'card_code') {
    throw new DomainError(InventoryErrors.NOT_CARD_CODE_PRODUCT, {
      userMessage: '只有卡密类商品有卡密可以导出',
      status: 422,
    });
  }
  return row;
}

/** What an export of this batch or SKU would hold, for the page that asks to confirm it. */
export async function previewCodeExport(
  trx: SupplierTx,
  input: { batchId: string } | { skuId: string },
): Promise<CodeExportPreview> {
  const target = which(parseInventoryInput(exportCodesSchema, input));
  const row = await resolveTarget(trx, target);
  return {
    which: 'batchId' in target ? 'batch' : 'sku',
    skuId: row.skuId,
    skuName: row.skuName,
    productId: row.productId,
    productName: row.productName,
    batchId: row.batchId,
    batchCreatedAt: row.batchCreatedAt,
    batchFilename: row.batchFilename,
    unsold: await countUnsoldCodes(trx, target),
  };
}

/** A field as the importer reads it back: a code wrapped in quotes keeps them by doubling. */
function field(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/** One line of the file, as it was imported: `card-number password`, then the expiry if any. */
export function codeExportLine(secret: CodeSecret, expiresOn: string | null): string {
  return [secret.code, secret.password, expiresOn ?? undefined]
    .filter((v): v is string => v !== undefined)
    .map(field)
    .join(' ');
}

const stamp = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function fileStamp(at: Date): string {
  const parts = Object.fromEntries(stamp.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}${parts.month}${parts.day}-${parts.hour === '24' ? '00' : parts.hour}${parts.minute}`;
}

function safeName(value: string): string {
  return value.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
}

/**
 * Exports a batch's or a SKU's unsold codes as a text file, optionally taking them off sale in the
 * same transaction ("导出并下架": they are voided, so the file holds the only sellable copy).
 * A sensitive operation: supplier owners only (codes.export, read again here), with a
 * confirmation of identity within the last 5 minutes; rate limited per person and per supplier.
 * Audited with the count (never the codes); the supplier's owners get a security notice.
 */
export async function exportUnsoldCodes(
  ctx: StaffAuthContext,
  vault: CodeVault,
  auth: StaffAuth,
  supplier: { supplierId: string; ownerTenantId: string | null; name: string },
  input: unknown,
): Promise<CodeExportFile> {
  const parsed = parseInventoryInput(exportCodesSchema, input);
  const target = which(parsed);
  const owner = {
    kind: 'supplier' as const,
    supplierId: supplier.supplierId,
    ownerTenantId: supplier.ownerTenantId,
  };
  const now = ctx.now();
  const { file, notice, recipients } = await withSupplier(
    ctx.db,
    { id: supplier.supplierId, ownerTenantId: supplier.ownerTenantId },
    async (trx) => {
      const role = await selectAreaRole(trx, owner, auth.userId);
      if (!role) {
        throw new DomainError(TeamErrors.PERMISSION_DENIED, {
          message: `${auth.userId} is not on the team of supplier ${supplier.supplierId}`,
          userMessage: '你已不是这个供货商的成员，不能导出卡密。',
          status: 403,
        });
      }
      assertPermission('supplier', role, 'codes.export', { write: true });
      await requireStaffRecentConfirmation(trx, auth, 'export_codes', now);

      const row = await resolveTarget(trx, target);
      const codes = await lockUnsoldCodes(trx, target);
      if (codes.length === 0) {
        throw new DomainError(InventoryErrors.NOTHING_TO_EXPORT, {
          userMessage: `「${row.productName} / ${row.skuName}」${'batchId' in target ? '这个批次' : ''}没有未售的卡密可以导出。`,
          status: 409,
        });
      }
      await enforceRateLimits(
        ctx.rateLimiter,
        [
          { rule: RATE_LIMITS.codeExportPerUser, key: auth.userId },
          { rule: RATE_LIMITS.codeExportPerSupplier, key: supplier.supplierId },
        ],
        '导出卡密',
      );

      const lines = codes.map((c) => codeExportLine(vault.unseal(c), c.expiresOn));
      if (parsed.offSale) {
        for (let i = 0; i < codes.length; i += VOID_CHUNK) {
          const chunk = codes.slice(i, i + VOID_CHUNK).map((c) => c.id);
          await voidUnsoldCodes(trx, { codeIds: chunk });
        }
      }

      await recordPlatformAudit(trx, {
        actor: { type: 'staff', id: auth.userId, ip: ctx.ip },
        action: 'supplier.codes_exported',
        subjectTenantId: supplier.ownerTenantId,
        target:
          'batchId' in target
            ? { type: 'code_batch', id: target.batchId }
            : { type: 'sku', id: target.skuId },
        data: {
          supplierId: supplier.supplierId,
          skuId: row.skuId,
          batchId: row.batchId,
          count: codes.length,
          offSale: parsed.offSale,
        },
      });

      const actor = await findStaffUser(trx, { id: auth.userId });
      const who = actor ? `${actor.display_name}（${actor.email}）` : '一位成员';
      const what = `「${row.productName} / ${row.skuName}」${'batchId' in target ? '一个导入批次' : ''}的 ${codes.length} 条未售卡密`;
      const notice = composeTeamNotice('codes_exported', {
        at: new Date(now),
        ip: ctx.ip,
        what: `${who}从供货商「${supplier.name}」导出了${what}${parsed.offSale ? '，并已下架' : '，这些卡密仍在售'}`,
        advice: parsed.offSale
          ? '如果这不是你们团队的操作，请立即联系平台管理员，并让这位成员修改密码、检查登录设备。'
          : '如果这不是你们团队的操作，请立即作废这些卡密（它们仍在售，拿到文件的人可能抢先使用），联系平台管理员，并让这位成员修改密码。',
      });
      const recipients = await selectAreaContacts(trx, owner, ['owner']);
      await recordTeamNotice(trx, recipients, notice);

      const at = fileStamp(new Date(now));
      return {
        file: {
          filename: `卡密_${safeName(row.productName)}_${safeName(row.skuName)}_${at}.txt`,
          asciiFilename: `codes-${at}.txt`,
          text: `\uFEFF${lines.join('\r\n')}\r\n`,
          count: codes.length,
          offSale: parsed.offSale,
        },
        notice,
        recipients,
      };
    },
  );
  await mailTeamNotice(ctx, recipients, notice);
  return file;
}
