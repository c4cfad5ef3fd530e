import type { LoaderFunctionArgs } from '@remix-run/node';
import { isDomainError, revealOrderCodes, withTenant, type DeliveredCode } from '@cardshop/domain';
import { translate, type Lang } from '@cardshop/ui';
import { customerCtx } from '../customer.server';
import { orderRequest } from '../lib/order-viewer.server';
import { requireShop } from '../lib/shop.server';

const NO_STORE = { 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' };

function plain(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...NO_STORE },
  });
}

function codeLine(lang: Lang, code: DeliveredCode): string {
  const main = code.password
    ? `${translate(lang, 'orderPage.codes.card')}：${code.code}  ${translate(lang, 'orderPage.codes.password')}：${code.password}`
    : code.code;
  return code.expiresOn
    ? `${main}  (${translate(lang, 'orderPage.codes.expires', { date: code.expiresOn })})`
    : main;
}

/**
 * 下载 TXT: the order's codes as a text file, recorded as a reveal like 显示卡密. UTF-8 with a BOM
 * and CRLF line ends, so Windows Notepad shows the Chinese. A cross-site navigation is refused, so
 * another site cannot make a buyer's browser add reveals to the shop's evidence.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const shop = requireShop(context);
  if (request.headers.get('sec-fetch-site') === 'cross-site') {
    return plain(403, translate(context.lang, 'orderPage.notFound.title'));
  }
  const { tenantId, viewer, session } = await orderRequest(request, context);
  const { ip, userAgent } = customerCtx(request, context);
  let revealed;
  try {
    revealed = await withTenant(context.runtime.db, tenantId, (trx) =>
      revealOrderCodes(trx, context.runtime.vault, {
        tenantId,
        orderId: params.orderId ?? '',
        viewer,
        codeId: null,
        via: 'txt',
        ip,
        userAgent,
        session,
      }),
    );
  } catch (error) {
    if (isDomainError(error)) return plain(error.status, error.userMessage);
    throw error;
  }
  const lang = context.lang;
  const exported = revealed.revealedAt.toLocaleString(lang, {
    timeZone: 'Asia/Shanghai',
    hour12: false,
  });
  const out: string[] = [
    translate(lang, 'orderPage.txt.heading', { shop: shop.name, number: revealed.orderNumber }),
    translate(lang, 'orderPage.txt.exported', { time: exported }),
    '',
  ];
  for (const line of revealed.lines) {
    out.push(`${line.productName} · ${line.skuName}`);
    for (const code of revealed.codes.filter((c) => c.lineId === line.id)) {
      out.push(codeLine(lang, code));
    }
    out.push('');
  }
  out.push(translate(lang, 'orderPage.txt.warning'), '');
  const filename = `order-${revealed.orderNumber}-codes.txt`;
  const localName = encodeURIComponent(`订单${revealed.orderNumber}卡密.txt`);
  return new Response(`\uFEFF${out.join('\r\n')}`, {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"; filename*=UTF-8''${localName}`,
      ...NO_STORE,
    },
  });
}
