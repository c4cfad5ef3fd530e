import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useParams,
  useSearchParams,
} from '@remix-run/react';
import {
  listShopCategories,
  listShopListings,
  removeListing,
  updateListing,
} from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { PageHeader } from '../components';
import { attempt, badRequest, checkbox, formStrings, text, type FormResult } from '../forms.server';
import { readPricing, readShopCategory, readSortOrder } from '../listing-form.server';
import { bpsToPercentInput, fenToYuanInput } from '../money';
import { PricingFields } from '../pricing';
import { requireShop } from '../permissions.server';
import { inShop } from '../scopes.server';
import {
  Badge,
  Btn,
  CheckboxField,
  FormMessage,
  LinkBtn,
  Money,
  NotFoundBoundary,
  Panel,
  ReadOnlyNote,
  SelectField,
  TextField,
} from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, can } = await requireShop(request, context, params.slug, 'listings.view');
  const { listing, categories } = await inShop(context, shop, async (trx) => ({
    listing: (await listShopListings(trx)).find((l) => l.id === params.listingId),
    categories: await listShopCategories(trx),
  }));
  if (!listing) {
    throw Response.json({ reason: 'no-listing' }, { status: 404 });
  }
  return {
    listing,
    categories: categories.map((c) => ({ id: c.id, name: c.name, icon: c.icon })),
    canEdit: can('listings.manage'),
    base: `/shop/${shop.slug}`,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop } = await requireShop(request, context, params.slug, 'listings.manage');
  const form = await request.formData();
  const intent = text(form, 'intent');
  const id = params.listingId ?? '';
  const listingsUrl = `/shop/${shop.slug}/listings`;

  if (intent === 'remove') {
    const done = await attempt(() => inShop(context, shop, (trx) => removeListing(trx, id)), {
      intent,
    });
    if (!done.ok) return done.response;
    return redirect(`${listingsUrl}?notice=removed`);
  }

  const result: FormResult = { intent: 'update', values: formStrings(form) };
  const pricing = readPricing(form);
  const sort = readSortOrder(form);
  const fieldErrors = {
    ...(pricing.ok ? {} : pricing.fieldErrors),
    ...(sort.ok ? {} : { sortOrder: sort.error }),
  };
  if (!pricing.ok || !sort.ok) return badRequest({ ...result, fieldErrors });
  const input = {
    pricing: pricing.pricing,
    shopCategoryId: readShopCategory(form),
    sortOrder: sort.value,
    visible: checkbox(form, 'visible'),
    featured: checkbox(form, 'featured'),
  };
  const done = await attempt(
    () => inShop(context, shop, (trx) => updateListing(trx, id, input)),
    result,
  );
  if (!done.ok) return done.response;
  return redirect(`${listingsUrl}?notice=saved`);
}

export default function EditListing() {
  const { listing, categories, canEdit, base } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const [search] = useSearchParams();
  const location = useLocation();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === 'submitting';
  const sent = result?.intent === 'update' ? result : undefined;
  const v = (name: string, fallback: string) => sent?.values?.[name] ?? fallback;
  const confirmRemove = search.get('confirm') === 'remove';

  return (
    <>
      <PageHeader
        title={`${listing.productName} · ${listing.skuName}`}
        subtitle={listing.isPrivate ? t('console.catalog.private') : listing.supplierName}
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Panel title={t('console.listings.editTitle')}>
          {!canEdit ? (
            <ReadOnlyNote />
          ) : (
            <Form method="post" key={location.key} className="space-y-4" noValidate>
              <input type="hidden" name="intent" value="update" />
              <FormMessage error={sent?.formError} />
              <PricingFields
                idPrefix="listing"
                wholesaleFen={listing.wholesalePriceFen}
                defaults={{
                  mode: v('mode', listing.pricingMode),
                  retailPrice: v(
                    'retailPrice',
                    fenToYuanInput(listing.retailPriceFen ?? listing.priceFen),
                  ),
                  markupPercent: v('markupPercent', bpsToPercentInput(listing.markupBps ?? 2000)),
                }}
                errors={sent?.fieldErrors}
              />
              <div className="grid gap-4 sm:grid-cols-2">
                <SelectField
                  label={t('console.listings.category')}
                  name="shopCategoryId"
                  defaultValue={v('shopCategoryId', listing.shopCategoryId ?? '')}
                  error={sent?.fieldErrors?.shopCategoryId}
                  options={[
                    { value: '', label: t('console.catalog.noShopCategory') },
                    ...categories.map((c) => ({
                      value: c.id,
                      label: `${c.icon ? `${c.icon} ` : ''}${c.name}`,
                    })),
                  ]}
                />
                <TextField
                  label={t('console.listings.sortOrder')}
                  name="sortOrder"
                  inputMode="numeric"
                  hint={t('console.categories.orderHint')}
                  defaultValue={v('sortOrder', String(listing.sortOrder))}
                  error={sent?.fieldErrors?.sortOrder}
                />
              </div>
              <CheckboxField
                label={t('console.listings.visibleLabel')}
                name="visible"
                hint={t('console.listings.visibleHint')}
                defaultChecked={sent?.values ? sent.values.visible === 'on' : listing.visible}
              />
              <CheckboxField
                label={t('console.listings.featuredLabel')}
                name="featured"
                hint={t('console.listings.featuredHint')}
                defaultChecked={sent?.values ? sent.values.featured === 'on' : listing.featured}
              />
              <div className="flex gap-2">
                <Btn type="submit" disabled={busy}>
                  {t('console.common.save')}
                </Btn>
                <LinkBtn to={`${base}/listings`}>{t('console.common.cancel')}</LinkBtn>
              </div>
            </Form>
          )}
        </Panel>

        <div className="space-y-4">
          <Panel title={t('console.listings.now')}>
            <dl className="grid grid-cols-2 gap-y-2 text-sm">
              <dt className="text-slate-500">{t('console.listings.status')}</dt>
              <dd>
                <Badge
                  tone={
                    listing.status === 'active'
                      ? 'green'
                      : listing.status === 'below_wholesale'
                        ? 'red'
                        : 'slate'
                  }
                >
                  {t(`console.listingStatus.${listing.status}`)}
                </Badge>
              </dd>
              <dt className="text-slate-500">{t('console.listings.wholesale')}</dt>
              <dd>
                <Money fen={listing.wholesalePriceFen} />
              </dd>
              <dt className="text-slate-500">{t('console.listings.price')}</dt>
              <dd>
                <Money fen={listing.priceFen} />
              </dd>
              <dt className="text-slate-500">{t('console.listings.margin')}</dt>
              <dd>
                <Money
                  fen={listing.marginFen}
                  className={listing.marginFen < 0 ? 'text-red-600' : 'text-emerald-700'}
                />
              </dd>
              <dt className="text-slate-500">{t('console.listings.stock')}</dt>
              <dd>{listing.productType === 'direct_topup' ? '—' : listing.available}</dd>
            </dl>
            {listing.status === 'below_wholesale' ? (
              <p className="mt-3 text-sm text-red-700">{t('console.listings.belowHint')}</p>
            ) : listing.status === 'supplier_delisted' ? (
              <p className="mt-3 text-sm text-slate-600">{t('console.listings.delistedHint')}</p>
            ) : null}
          </Panel>

          {canEdit ? (
            <Panel title={t('console.listings.removeTitle')}>
              {result?.intent === 'remove' ? <FormMessage error={result.formError} /> : null}
              {confirmRemove ? (
                <Form method="post" className="space-y-3">
                  <input type="hidden" name="intent" value="remove" />
                  <p className="text-sm text-slate-700">
                    {t('console.listings.removeConfirm', { name: listing.productName })}
                  </p>
                  <div className="flex gap-2">
                    <Btn variant="danger" type="submit" disabled={busy}>
                      {t('console.listings.removeYes')}
                    </Btn>
                    <LinkBtn to="?">{t('console.common.cancel')}</LinkBtn>
                  </div>
                </Form>
              ) : (
                <>
                  <p className="mb-3 text-sm text-slate-500">{t('console.listings.removeHint')}</p>
                  <LinkBtn to="?confirm=remove" className="text-red-700">
                    {t('console.listings.remove')}
                  </LinkBtn>
                </>
              )}
            </Panel>
          ) : null}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const { slug } = useParams();
  return <NotFoundBoundary what="console.listings.notFound" back={`/shop/${slug}/listings`} />;
}
