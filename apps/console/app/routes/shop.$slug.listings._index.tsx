import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSearchParams,
  useSubmit,
} from '@remix-run/react';
import { listShopCategories, listShopListings, updateListing } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { DataTable, PageHeader } from '../components';
import { attempt, text, type FormResult } from '../forms.server';
import { formatBps } from '../money';
import { requireShop } from '../permissions.server';
import { inShop } from '../scopes.server';
import { Badge, Btn, FormMessage, LinkBtn, Money, ReadOnlyNote, Stat } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, can } = await requireShop(request, context, params.slug, 'listings.view');
  const url = new URL(request.url);
  const category = url.searchParams.get('category') ?? '';
  const { listings, categories } = await inShop(context, shop, async (trx) => {
    const categories = await listShopCategories(trx);
    const known = categories.some((c) => c.id === category);
    const listings = await listShopListings(
      trx,
      category === 'none' ? { shopCategoryId: null } : known ? { shopCategoryId: category } : {},
    );
    return { listings, categories };
  });
  return {
    listings,
    categories: categories.map((c) => ({ id: c.id, name: c.name, icon: c.icon })),
    canEdit: can('listings.manage'),
    base: `/shop/${shop.slug}`,
    notice: url.searchParams.get('notice'),
  };
}

const INTENTS = ['visible', 'featured', 'category'] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop } = await requireShop(request, context, params.slug, 'listings.manage');
  const form = await request.formData();
  const intent = text(form, 'intent');
  const id = text(form, 'id');
  if (!(INTENTS as readonly string[]).includes(intent)) {
    return data<FormResult>({ intent, target: id, formError: '不支持的操作' }, 400);
  }
  const input =
    intent === 'visible'
      ? { visible: text(form, 'value') === 'true' }
      : intent === 'featured'
        ? { featured: text(form, 'value') === 'true' }
        : { shopCategoryId: text(form, 'shopCategoryId') || null };
  const done = await attempt(() => inShop(context, shop, (trx) => updateListing(trx, id, input)), {
    intent,
    target: id,
  });
  if (!done.ok) return done.response;
  return data<FormResult>({ intent, target: id, notice: 'saved' });
}

const STATUS_TONE = {
  active: 'green',
  below_wholesale: 'red',
  supplier_delisted: 'slate',
} as const;

export default function Listings() {
  const { listings, categories, canEdit, base, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const [search] = useSearchParams();
  const submit = useSubmit();
  const t = useT();
  const hidden = listings.filter((l) => !l.visible).length;
  const offSale = listings.filter((l) => l.status !== 'active').length;

  return (
    <>
      <PageHeader
        title={t('console.listings.title')}
        subtitle={t('console.listings.subtitle', { count: listings.length })}
      />
      <div className="mb-4 grid grid-cols-3 gap-3">
        <Stat label={t('console.listings.total')} value={listings.length} />
        <Stat label={t('console.listings.hidden')} value={hidden} />
        <Stat
          label={t('console.listings.offSale')}
          value={offSale}
          {...(offSale ? { tone: 'warn' as const } : {})}
        />
      </div>
      {!canEdit ? (
        <div className="mb-4">
          <ReadOnlyNote />
        </div>
      ) : null}
      {notice === 'removed' || notice === 'saved' ? (
        <div className="mb-4">
          <FormMessage
            notice={t(notice === 'removed' ? 'console.listings.removed' : 'console.listings.saved')}
          />
        </div>
      ) : null}
      {result?.formError ? (
        <div className="mb-4">
          <FormMessage error={result.formError} />
        </div>
      ) : null}

      <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-500">{t('console.listings.filter')}</span>
        {[
          { id: '', label: t('console.listings.all') },
          ...categories.map((c) => ({ id: c.id, label: `${c.icon} ${c.name}`.trim() })),
          { id: 'none', label: t('console.listings.uncategorised') },
        ].map((c) => {
          const active = (search.get('category') ?? '') === c.id;
          return (
            <Link
              key={c.id || 'all'}
              to={c.id ? `?category=${c.id}` : '?'}
              className={
                active
                  ? 'bg-brand rounded-full px-3 py-1 text-white'
                  : 'rounded-full bg-white px-3 py-1 text-slate-700 ring-1 ring-slate-200'
              }
            >
              {c.label}
            </Link>
          );
        })}
        <LinkBtn to={`${base}/catalog`} size="sm" variant="primary" className="ml-auto">
          {t('console.listings.addMore')}
        </LinkBtn>
      </div>

      <DataTable
        rows={listings}
        rowKey={(l) => l.id}
        columns={[
          {
            header: t('console.listings.product'),
            cell: (l) => (
              <span className="block max-w-[16rem]">
                <span className="block font-medium">{l.productName}</span>
                <span className="block text-xs text-slate-500">
                  {l.skuName} · {l.isPrivate ? t('console.catalog.private') : l.supplierName}
                </span>
              </span>
            ),
          },
          {
            header: t('console.listings.wholesale'),
            cell: (l) => <Money fen={l.wholesalePriceFen} />,
          },
          {
            header: t('console.listings.price'),
            cell: (l) => (
              <span>
                <Money fen={l.priceFen} className="font-medium" />
                <span className="block text-xs text-slate-500">
                  {l.pricingMode === 'markup'
                    ? t('console.listings.markupOf', { percent: formatBps(l.markupBps) })
                    : t('console.listings.fixedPrice')}
                </span>
              </span>
            ),
          },
          {
            header: t('console.listings.margin'),
            cell: (l) => (
              <Money
                fen={l.marginFen}
                className={l.marginFen < 0 ? 'font-medium text-red-600' : 'text-emerald-700'}
              />
            ),
          },
          {
            header: t('console.listings.stock'),
            cell: (l) =>
              l.productType !== 'direct_topup' ? (
                <span className={l.available === 0 ? 'text-red-600' : undefined}>
                  {l.available}
                </span>
              ) : (
                '—'
              ),
          },
          {
            header: t('console.listings.status'),
            cell: (l) => (
              <span className="inline-flex flex-wrap justify-end gap-1 md:justify-start">
                <Badge tone={STATUS_TONE[l.status]}>{t(`console.listingStatus.${l.status}`)}</Badge>
                {!l.visible ? <Badge tone="slate">{t('console.listings.isHidden')}</Badge> : null}
                {l.featured ? <Badge tone="blue">{t('console.listings.isFeatured')}</Badge> : null}
              </span>
            ),
          },
          {
            header: t('console.listings.category'),
            cell: (l) =>
              canEdit ? (
                <Form method="post" preventScrollReset className="inline-flex gap-1">
                  <input type="hidden" name="intent" value="category" />
                  <input type="hidden" name="id" value={l.id} />
                  <select
                    name="shopCategoryId"
                    aria-label={t('console.listings.category')}
                    defaultValue={l.shopCategoryId ?? ''}
                    onChange={(e) => submit(e.currentTarget.form, { preventScrollReset: true })}
                    className="h-8 max-w-[9rem] rounded-md border border-slate-300 bg-white px-1 text-xs"
                  >
                    <option value="">{t('console.catalog.noShopCategory')}</option>
                    {categories.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                  <noscript>
                    <Btn size="sm" variant="secondary">
                      {t('console.common.save')}
                    </Btn>
                  </noscript>
                </Form>
              ) : (
                (l.shopCategoryName ?? '—')
              ),
          },
          ...(canEdit
            ? [
                {
                  header: t('console.listings.actions'),
                  cell: (l: (typeof listings)[number]) => (
                    <span className="inline-flex flex-wrap justify-end gap-1 md:justify-start">
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="visible" />
                        <input type="hidden" name="id" value={l.id} />
                        <input type="hidden" name="value" value={String(!l.visible)} />
                        <Btn size="sm" variant="secondary">
                          {l.visible ? t('console.listings.hide') : t('console.listings.show')}
                        </Btn>
                      </Form>
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="featured" />
                        <input type="hidden" name="id" value={l.id} />
                        <input type="hidden" name="value" value={String(!l.featured)} />
                        <Btn size="sm" variant="secondary">
                          {l.featured
                            ? t('console.listings.unfeature')
                            : t('console.listings.feature')}
                        </Btn>
                      </Form>
                      <LinkBtn to={`${base}/listings/${l.id}`} size="sm" variant="secondary">
                        {t('console.listings.edit')}
                      </LinkBtn>
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
