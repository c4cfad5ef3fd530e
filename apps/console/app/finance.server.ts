import { data, redirect, type AppLoadContext } from '@remix-run/node';
import {
  bindPayoutAccount,
  financeContext,
  getFinanceOverview,
  inFinanceScope,
  staffConfirmationMethods,
  staffConfirmedUntil,
  type FinanceArea,
  type StaffAreas,
  type StaffAuth,
} from '@cardshop/domain';
import { formStrings } from './forms.server';
import {
  confirmFromForm,
  securityFailure,
  staffCtx,
  type SecurityFormResult,
} from './security.server';

export function shopFinanceArea(shop: StaffAreas['shops'][number]): FinanceArea {
  return { kind: 'shop', tenantId: shop.tenantId, name: shop.name };
}

export function supplierFinanceArea(supplier: StaffAreas['suppliers'][number]): FinanceArea {
  return {
    kind: 'supplier',
    supplierId: supplier.supplierId,
    ownerTenantId: supplier.ownerTenantId,
    name: supplier.name,
  };
}

/**
 * The finance page's data: the balance the platform owes, the statement a page at a time, the
 * payout account's hints, and (for those who may change it) whether the session has confirmed.
 */
export async function loadFinancePage(
  request: Request,
  context: AppLoadContext,
  area: FinanceArea,
  options: { auth: StaffAuth; canBind: boolean; base: string },
) {
  const url = new URL(request.url);
  const overview = await inFinanceScope(context.runtime.db, area, (trx) =>
    getFinanceOverview(trx, area, { page: url.searchParams.get('page') ?? 1 }),
  );
  const confirmedUntil = options.canBind
    ? await staffConfirmedUntil(context.runtime.db, options.auth, Date.now())
    : null;
  return {
    area: { kind: area.kind, name: area.name },
    base: options.base,
    overview,
    canBind: options.canBind,
    editing: options.canBind && url.searchParams.has('edit'),
    notice: url.searchParams.get('notice') === 'bound' ? ('bound' as const) : null,
    confirmedUntil: confirmedUntil?.toISOString() ?? null,
    confirmMethods: options.canBind
      ? await staffConfirmationMethods(context.runtime.db, options.auth.userId)
      : [],
  };
}

export type FinanceActionResult = SecurityFormResult & { values?: Record<string, string> };

/** The payout account form as the domain's input: the fields of the chosen kind. */
function payoutInput(form: FormData) {
  const get = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const kind = get('kind');
  if (kind === 'alipay') {
    return { kind, account: get('account'), realName: get('realName') };
  }
  if (kind === 'bank_card') {
    return {
      kind,
      bankName: get('bankName'),
      branch: get('branch'),
      holderName: get('holderName'),
      cardNumber: get('cardNumber'),
    };
  }
  return { kind };
}

/**
 * Binds or changes the payout account. A sensitive operation: without a confirmation in the last
 * 5 minutes it is refused (and the page asks for one), unless the form carries it.
 */
export async function bindFromForm(
  request: Request,
  context: AppLoadContext,
  area: FinanceArea,
  auth: StaffAuth,
  base: string,
) {
  const ctx = staffCtx(context);
  const form = await request.formData();
  const confirming = form.has('verifyMethod');
  const { verifyPassword: _password, verifyCode: _code, ...values } = formStrings(form);
  try {
    await confirmFromForm(ctx, auth, form);
    await bindPayoutAccount(
      financeContext(ctx, context.runtime.env.APP_SECRET),
      auth,
      area,
      payoutInput(form),
    );
    return redirect(`${base}/finance?notice=bound`);
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming });
    return data<FinanceActionResult>(
      {
        ...body,
        ...(confirming && !body.confirm ? { confirm: 'bind_payout_account' as const } : {}),
        values,
      },
      status,
    );
  }
}
