import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import {
  addListing,
  browseCatalog,
  isDomainError,
  listCategoryTree,
  listShopCategories,
} from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { categoryOptions } from '../category-options';
import { PageHeader } from '../components';
import { attempt, badRequest, text, type FormResult } from '../forms.server';
import { readPricing, readShopCategory } from '../listing-form.server';
import { PricingFields } from '../pricing';
import { requireShop } from '../permissions.server';
import { inShop } from '../scopes.server';
import { Badge, Btn, EmptyState, FormMessage, Money, Pager, ReadOnlyNote } from '../ui';

const PAGE_SIZE = 20;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, can } = await requireShop(request, context, params.slug, 'listings.view');
  const url = new URL(request.url);
  const categoryId = url.searchParams.get('category') || undefined;
  const q = url.searchParams.get('q')?.trim() || undefined;
  const pageParam = Number(url.searchParams.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 10_000 ? pageParam : 1;

  const tree = await listCategoryTree(context.runtime.db);
  let filterError: string | null = null;
  const result = await inShop(context, shop, async (trx) => {
    const shopCategories = await listShopCategories(trx);
    try {
      const catalog = await browseCatalog(trx, {
        ...(categoryId ? { categoryId } : {}),
        ...(q ? { q } : {}),
        page,
        pageSize: PAGE_SIZE,
      });
      return { catalog, shopCategories };
    } catch (error) {
      if (!isDomainError(error) || error.status >= 500) throw error;
      filterError = error.userMessage;
      return {
        catalog: { items: [], page: 1, pageSize: PAGE_SIZE, total: 0 },
        shopCategories,
      };
    }
  });
  return {
    categories: categoryOptions(tree),
    shopCategories: result.shopCategories.map((c) => ({ id: c.id, name: c.name, icon: c.icon })),
    catalog: result.catalog,
    filterError,
    canEdit: can('listings.manage'),
    listingsHref: `/shop/${shop.slug}/listings`,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop } = await requireShop(request, context, params.slug, 'listings.manage');
  const form = await request.formData();
  const skuId = text(form, 'skuId');
  const result: FormResult = {
    intent: 'add',
    target: skuId,
    values: {
      mode: text(form, 'mode'),
      retailPrice: text(form, 'retailPrice'),
      markupPercent: text(form, 'markupPercent'),
      shopCategoryId: text(form, 'shopCategoryId'),
    },
  };

  const pricing = readPricing(form);
  if (!pricing.ok) {
    return badRequest({ ...result, fieldErrors: pricing.fieldErrors });
  }
  // addListing parses the input with its schema; a refusal comes back as the form's errors.
  const input = { skuId, pricing: pricing.pricing, shopCategoryId: readShopCategory(form) };
  const done = await attempt(() => inShop(context, shop, (trx) => addListing(trx, input)), result);
  if (!done.ok) return done.response;
  return data<FormResult>({ intent: 'add', target: skuId, notice: 'listed' });
}

const TYPE_TONE = { card_code: 'blue', direct_topup: 'green', physical_card: 'amber' } as const;

export default function Catalog() {
  const { categories, shopCategories, catalog, filterError, canEdit, listingsHref } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const [search] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const lang = useLang();
  const pageCount = Math.max(1, Math.ceil(catalog.total / catalog.pageSize));
  const submittingSku =
    navigation.state === 'submitting' ? navigation.formData?.get('skuId') : null;

  return (
    <>
      <PageHeader
        title={t('console.catalog.title')}
        subtitle={t('console.catalog.subtitle', { count: catalog.total })}
      />
      {!canEdit ? (
        <div className="mb-4">
          <ReadOnlyNote />
        </div>
      ) : null}
      <Form
        method="get"
        className="mb-4 flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:flex-row"
      >
        <label className="sr-only" htmlFor="category">
          {t('console.catalog.category')}
        </label>
        <select
          id="category"
          name="category"
          defaultValue={search.get('category') ?? ''}
          className="h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm sm:w-56"
        >
          <option value="">{t('console.catalog.allCategories')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {lang === 'en' ? c.labelEn : c.label}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="q">
          {t('console.catalog.search')}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          maxLength={80}
          defaultValue={search.get('q') ?? ''}
          placeholder={t('console.catalog.searchPlaceholder')}
          className="h-10 min-w-0 rounded-lg border border-slate-300 px-3 text-sm sm:flex-1"
        />
        <Btn type="submit">{t('console.catalog.filter')}</Btn>
      </Form>
      {filterError ? (
        <div className="mb-4">
          <FormMessage error={filterError} />
        </div>
      ) : null}

      {catalog.items.length === 0 ? (
        <EmptyState>{t('console.catalog.empty')}</EmptyState>
      ) : (
        <ul className="space-y-4">
          {catalog.items.map((p) => (
            <li key={p.id} className="rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
              <div className="flex gap-3 border-b border-slate-100 p-4">
                {p.imageKey ? (
                  <img
                    src={`/media/${p.imageKey}`}
                    alt=""
                    className="h-14 w-14 shrink-0 rounded-lg object-cover ring-1 ring-slate-200"
                    loading="lazy"
                  />
                ) : (
                  <div className="flex h-14 w-14 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-2xl">
                    🎫
                  </div>
                )}
                <div className="min-w-0">
                  <h2 className="font-semibold">{p.name}</h2>
                  <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <Badge tone={TYPE_TONE[p.type]}>{t(`console.productType.${p.type}`)}</Badge>
                    {p.isPrivate ? (
                      <Badge tone="amber">{t('console.catalog.private')}</Badge>
                    ) : null}
                    <span>{p.categoryName}</span>
                    <span>· {t('console.catalog.supplier', { name: p.supplierName })}</span>
                    {p.regionLock ? <span>· {p.regionLock}</span> : null}
                  </p>
                </div>
              </div>
              <ul className="divide-y divide-slate-100">
                {p.skus.map((s) => {
                  const mine = result?.target === s.skuId ? result : undefined;
                  return (
                    <li
                      key={s.skuId}
                      className="grid gap-3 p-4 md:grid-cols-[minmax(0,14rem)_1fr] md:items-start"
                    >
                      <div className="text-sm">
                        <p className="font-medium">{s.name}</p>
                        <p className="mt-1 text-slate-500">
                          {t('console.catalog.wholesale')}{' '}
                          <Money fen={s.wholesalePriceFen} className="font-medium text-slate-800" />
                          {s.faceValueFen !== null ? (
                            <>
                              {' · '}
                              {t('console.catalog.faceValue')} <Money fen={s.faceValueFen} />
                            </>
                          ) : null}
                        </p>
                        <p className="text-slate-500">
                          {p.type !== 'direct_topup'
                            ? t('console.catalog.stock', { count: s.available })
                            : t('console.catalog.stockNotCounted')}
                          {' · '}
                          {t('console.catalog.perOrder', {
                            min: s.minPerOrder,
                            max: s.maxPerOrder,
                          })}
                        </p>
                      </div>
                      {s.listing ? (
                        <div className="flex flex-wrap items-center gap-2 text-sm">
                          <Badge tone="green">{t('console.catalog.listed')}</Badge>
                          <span className="text-slate-600">
                            {t('console.catalog.yourPrice')} <Money fen={s.listing.priceFen} />
                          </span>
                          <Link to={listingsHref} className="text-brand hover:underline">
                            {t('console.catalog.manage')}
                          </Link>
                          {mine?.notice ? (
                            <span role="status" className="text-emerald-700">
                              {t('console.catalog.justListed')}
                            </span>
                          ) : null}
                        </div>
                      ) : canEdit ? (
                        <Form method="post" className="space-y-2" preventScrollReset>
                          <input type="hidden" name="skuId" value={s.skuId} />
                          <PricingFields
                            idPrefix={s.skuId}
                            wholesaleFen={s.wholesalePriceFen}
                            defaults={mine?.values}
                            errors={mine?.fieldErrors}
                            compact
                          />
                          {mine?.formError ? <FormMessage error={mine.formError} /> : null}
                          <div className="flex flex-wrap items-center gap-2">
                            {shopCategories.length ? (
                              <select
                                name="shopCategoryId"
                                aria-label={t('console.catalog.shopCategory')}
                                defaultValue={mine?.values?.shopCategoryId ?? ''}
                                className="h-9 rounded-lg border border-slate-300 bg-white px-2 text-sm"
                              >
                                <option value="">{t('console.catalog.noShopCategory')}</option>
                                {shopCategories.map((c) => (
                                  <option key={c.id} value={c.id}>
                                    {c.icon ? `${c.icon} ` : ''}
                                    {c.name}
                                  </option>
                                ))}
                              </select>
                            ) : null}
                            <Btn type="submit" size="sm" disabled={submittingSku === s.skuId}>
                              {t('console.catalog.add')}
                            </Btn>
                          </div>
                        </Form>
                      ) : (
                        <span className="text-sm text-slate-500">
                          {t('console.catalog.notListed')}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <Pager page={catalog.page} pageCount={pageCount} search={search} />
    </>
  );
}
