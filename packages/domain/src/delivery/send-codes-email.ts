import { withTenant, type Database } from '@cardshop/db';
import { shopOrigin, type Env } from '../config/env.js';
import type { CodeVault } from '../inventory/code-crypto.js';
import type { EmailMessage, EmailSender } from '../messaging/messaging.js';
import { selectOrder, selectOrderLines } from '../orders/orders.queries.js';
import {
  markCodesEmailSent,
  selectCodesEmailForUpdate,
  selectShopIdentity,
} from './code-emails.queries.js';
import { getOrderCodes, type DeliveredCode } from './get-order-codes.js';

export type CodesEmailOutcome = 'sent' | 'already_sent' | 'not_queued' | 'no_codes';

/**
 * Sends the order's codes mail unless it went out before. The mail's row stays locked while it
 * is written and sent, so two runs take turns, and sent_at commits with the send: a job that runs
 * again finds it sent. A send that fails rolls back and is retried by the job.
 */
export async function sendCodesEmail(
  db: Database,
  services: {
    env: Pick<Env, 'PUBLIC_SCHEME' | 'PLATFORM_DOMAIN' | 'STOREFRONT_PORT'>;
    email: EmailSender;
    vault: CodeVault;
  },
  input: { tenantId: string; orderId: string },
): Promise<CodesEmailOutcome> {
  const { tenantId, orderId } = input;
  return withTenant(db, tenantId, async (trx) => {
    const row = await selectCodesEmailForUpdate(trx, tenantId, orderId);
    if (!row) return 'not_queued';
    if (row.sentAt) return 'already_sent';
    const order = await selectOrder(trx, tenantId, orderId);
    const shop = await selectShopIdentity(trx, tenantId);
    if (!order || !shop) return 'not_queued';
    const codes = await getOrderCodes(trx, services.vault, { tenantId, orderId });
    if (codes.length === 0) return 'no_codes';
    const lines = await selectOrderLines(trx, tenantId, orderId);
    await services.email.send(
      composeCodesEmail({
        to: row.recipient,
        shopName: shop.name,
        orderNumber: order.number,
        orderUrl: `${shopOrigin(services.env, shop.slug)}/orders/${order.id}`,
        lines: lines
          .map((line) => ({
            name: `${line.productName} · ${line.skuName}`,
            quantity: line.quantity,
            codes: codes.filter((c) => c.lineId === line.id),
          }))
          .filter((line) => line.codes.length > 0),
      }),
    );
    await markCodesEmailSent(trx, tenantId, orderId);
    return 'sent';
  });
}

export interface CodesEmailContent {
  to: string;
  shopName: string;
  orderNumber: string;
  orderUrl: string;
  lines: Array<{ name: string; quantity: number; codes: DeliveredCode[] }>;
}

const SAFETY_NOTES = [
  '卡密相当于现金，请妥善保管；使用前不要截图、转发或告诉任何人。',
  '本店工作人员不会以任何理由向你索要卡密。',
  '如果这不是你下的订单，请忽略本邮件。',
];

function codeText(code: DeliveredCode): string {
  const parts = code.password
    ? [`卡号：${code.code}`, `密码：${code.password}`]
    : [`卡密：${code.code}`];
  if (code.expiresOn) parts.push(`有效期至：${code.expiresOn}`);
  return parts.join('    ');
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The mail in Chinese, as plain text and as simple HTML with the same content. */
export function composeCodesEmail(content: CodesEmailContent): EmailMessage {
  const { shopName, orderNumber, orderUrl, lines } = content;
  const text = [
    '你好：',
    '',
    `你在「${shopName}」的订单 ${orderNumber} 已自动发货，卡密如下：`,
    '',
    ...lines.flatMap((line) => [
      `【${line.name}】× ${line.quantity}`,
      ...line.codes.map((code, i) => `  ${i + 1}. ${codeText(code)}`),
      '',
    ]),
    `查看订单：${orderUrl}`,
    '',
    '安全提示：',
    ...SAFETY_NOTES.map((note) => `· ${note}`),
    '',
    shopName,
  ].join('\n');

  const cell =
    'padding:6px 8px;border-bottom:1px solid #e2e8f0;font-family:Menlo,Consolas,monospace;word-break:break-all';
  const html = `<!doctype html><html lang="zh-CN"><body style="margin:0;padding:24px;background:#f8fafc;color:#0f172a;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:12px;padding:24px;border:1px solid #e2e8f0">
<p style="margin:0 0 12px">你好：</p>
<p style="margin:0 0 16px">你在「${escapeHtml(shopName)}」的订单 <strong>${escapeHtml(orderNumber)}</strong> 已自动发货，卡密如下：</p>
${lines
  .map(
    (
      line,
    ) => `<p style="margin:16px 0 6px;font-weight:600">${escapeHtml(line.name)} × ${line.quantity}</p>
<table style="width:100%;border-collapse:collapse;font-size:14px">${line.codes
      .map(
        (code, i) =>
          `<tr><td style="${cell};width:2em;color:#64748b">${i + 1}</td><td style="${cell}">${escapeHtml(codeText(code))}</td></tr>`,
      )
      .join('')}</table>`,
  )
  .join('\n')}
<p style="margin:20px 0"><a href="${escapeHtml(orderUrl)}" style="display:inline-block;background:#4f46e5;color:#fff;text-decoration:none;padding:10px 18px;border-radius:8px">查看订单</a></p>
<div style="margin-top:16px;padding:12px;background:#fffbeb;border-radius:8px;color:#92400e;font-size:13px">
<p style="margin:0 0 4px;font-weight:600">安全提示</p>
${SAFETY_NOTES.map((note) => `<p style="margin:0">· ${escapeHtml(note)}</p>`).join('\n')}
</div>
<p style="margin:16px 0 0;color:#64748b;font-size:13px">${escapeHtml(shopName)}</p>
</div></body></html>`;

  return {
    to: content.to,
    subject: `【${shopName}】订单 ${orderNumber} 的卡密已发货`,
    text,
    html,
  };
}
