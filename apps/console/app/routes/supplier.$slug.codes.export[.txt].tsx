import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { exportUnsoldCodes, isDomainError } from '@cardshop/domain';
import { checkbox, text } from '../forms.server';
import { redirectToConfirmation, staffCtx } from '../security.server';
import { requireSupplier } from '../supplier-area.server';

/**
 * The download of an export (a resource route: its answer is the file itself). Without a
 * confirmation of identity in the last 5 minutes it sends the person to confirm and back to the
 * export page; any other refusal goes back there with the reason.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier, user, sessionId, base } = await requireSupplier(
    request,
    context,
    params.slug,
    'codes.export',
  );
  const form = await request.formData();
  const batchId = text(form, 'batchId');
  const skuId = text(form, 'skuId');
  const offSale = text(form, 'intent') === 'export-off-sale' || checkbox(form, 'offSale');
  const page = `${base}/codes/export?${batchId ? `batch=${encodeURIComponent(batchId)}` : `sku=${encodeURIComponent(skuId)}`}`;
  try {
    const file = await exportUnsoldCodes(
      staffCtx(context),
      context.runtime.vault,
      { userId: user.id, sessionId },
      {
        supplierId: supplier.supplierId,
        ownerTenantId: supplier.ownerTenantId,
        name: supplier.name,
      },
      batchId ? { batchId, offSale } : { skuId, offSale },
    );
    return new Response(file.text, {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    if (!isDomainError(error) || error.status >= 500) throw error;
    if (error.code === 'CONFIRMATION_REQUIRED') redirectToConfirmation(error, page);
    const reason =
      error.code === 'INVENTORY_NOTHING_TO_EXPORT'
        ? 'empty'
        : error.code === 'RATE_LIMITED'
          ? `rate&wait=${Math.ceil(Number(error.details?.retryAfterMs ?? 60_000) / 1000)}`
          : error.status === 404 || error.status === 422
            ? 'gone'
            : 'failed';
    return redirect(`${page}&failed=${reason}`, 303);
  }
}
