import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listShopListings, listTenantNotifications, shopOrigin } from '@cardshop/domain';
import { Alert, useLang, useT } from '@cardshop/ui';
import { requireShopArea } from '../areas.server';
import { formatTime, PageHeader } from '../components';
import { inShop } from '../scopes.server';
import { LinkBtn, Panel, Stat } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop } = await requireShopArea(request, context, params.slug);
  const { listings, notifications } = await inShop(context, shop, async (trx) => ({
    listings: await listShopListings(trx),
    notifications: await listTenantNotifications(trx, { limit: 5 }),
  }));
  return {
    shop: { name: shop.name, slug: shop.slug },
    storefront: shopOrigin(context.runtime.env, shop.slug),
    counts: {
      listings: listings.length,
      onSale: listings.filter((l) => l.status === 'active' && l.visible).length,
      hidden: listings.filter((l) => !l.visible).length,
      belowWholesale: listings.filter((l) => l.status === 'below_wholesale').length,
      delisted: listings.filter((l) => l.status === 'supplier_delisted').length,
      soldOut: listings.filter((l) => l.productType !== 'direct_topup' && l.available === 0).length,
      unread: notifications.unread,
    },
    recent: notifications.items,
  };
}

export default function ShopOverview() {
  const { shop, storefront, counts, recent } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const base = `/shop/${shop.slug}`;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <PageHeader title={shop.name} subtitle={t('console.shopOverview.subtitle')} />
        <a
          href={storefront}
          target="_blank"
          rel="noreferrer"
          className="text-brand text-sm font-medium hover:underline"
        >
          {t('console.shopOverview.openStorefront')} ↗
          <span className="block text-xs font-normal text-slate-500">{storefront}</span>
        </a>
      </div>
      {counts.belowWholesale > 0 ? (
        <div className="mb-4">
          <Alert>
            {t('console.shopOverview.belowWarning', { count: counts.belowWholesale })}{' '}
            <Link to={`${base}/listings`} className="font-medium underline">
              {t('console.shopOverview.fixPrices')}
            </Link>
          </Alert>
        </div>
      ) : null}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat
          label={t('console.shopOverview.listings')}
          value={counts.listings}
          to={`${base}/listings`}
        />
        <Stat label={t('console.shopOverview.onSale')} value={counts.onSale} />
        <Stat label={t('console.shopOverview.hidden')} value={counts.hidden} />
        <Stat
          label={t('console.shopOverview.belowWholesale')}
          value={counts.belowWholesale}
          to={`${base}/listings`}
          {...(counts.belowWholesale ? { tone: 'warn' as const } : {})}
        />
        <Stat label={t('console.shopOverview.delisted')} value={counts.delisted} />
        <Stat
          label={t('console.shopOverview.soldOut')}
          value={counts.soldOut}
          {...(counts.soldOut ? { tone: 'warn' as const } : {})}
        />
        <Stat
          label={t('console.shopOverview.unread')}
          value={counts.unread}
          to={`${base}/notifications`}
          {...(counts.unread ? { tone: 'warn' as const } : {})}
        />
      </div>
      <div className="mt-6 grid gap-4 md:grid-cols-2">
        <Panel
          title={t('console.shopOverview.recent')}
          actions={
            <Link to={`${base}/notifications`} className="text-brand text-sm hover:underline">
              {t('console.shopOverview.all')}
            </Link>
          }
        >
          {recent.length === 0 ? (
            <p className="text-sm text-slate-500">{t('console.notifications.none')}</p>
          ) : (
            <ul className="space-y-3 text-sm">
              {recent.map((n) => (
                <li key={n.id}>
                  <p className={n.readAt ? 'text-slate-600' : 'font-medium'}>{n.title}</p>
                  <p className="text-xs text-slate-500">{formatTime(n.createdAt, lang)}</p>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel title={t('console.shopOverview.next')}>
          <div className="flex flex-wrap gap-2">
            <LinkBtn to={`${base}/catalog`} variant="primary">
              {t('console.listings.addMore')}
            </LinkBtn>
            <LinkBtn to={`${base}/categories`}>{t('console.shop.nav.categories')}</LinkBtn>
            <LinkBtn to={`${base}/settings`}>{t('console.shop.nav.settings')}</LinkBtn>
          </div>
        </Panel>
      </div>
    </>
  );
}
