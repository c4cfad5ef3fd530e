import { Form, Link, useFetcher, useLocation } from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import type { ShopCategory } from '@cardshop/domain';
import { cx, useLang, useT } from '@cardshop/ui';
import type { RootData } from '../root';

const SEARCH_MAX = 40;

export type Shop = NonNullable<RootData['shop']>;

/** Switches language on the page the buyer is on, keeping its other query parameters. */
export function LangSwitch({ className }: { className?: string }) {
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  const search = new URLSearchParams(location.search);
  search.set('lang', lang === 'en' ? 'zh-CN' : 'en');
  return (
    <a
      href={`${location.pathname}?${search.toString()}`}
      className={cx('text-sm underline-offset-4 hover:underline', className)}
    >
      {t('lang.switch')}
    </a>
  );
}

function SearchBox({ query }: { query?: string }) {
  const t = useT();
  return (
    <Form method="get" action="/search" role="search" className="flex w-full min-w-0">
      <input
        type="search"
        name="q"
        defaultValue={query}
        maxLength={SEARCH_MAX}
        placeholder={t('shop.search.placeholder')}
        aria-label={t('shop.search.heading')}
        className="h-10 w-full min-w-0 rounded-l-lg border-0 bg-white px-3 text-sm text-slate-900 shadow-inner outline-none placeholder:text-slate-400 focus:ring-2 focus:ring-white/60"
      />
      <button
        type="submit"
        className="bg-accent h-10 shrink-0 rounded-r-lg px-4 text-sm font-medium text-white hover:opacity-90"
      >
        {t('shop.search.submit')}
      </button>
    </Form>
  );
}

export function CategoryBar({
  categories,
  activeSlug,
}: {
  categories: ShopCategory[];
  activeSlug?: string | undefined;
}) {
  const t = useT();
  if (categories.length === 0) return null;
  return (
    <nav aria-label={t('shop.categories')} className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-5xl [scrollbar-width:none] gap-2 overflow-x-auto px-4 py-2">
        <li>
          <Link
            to="/"
            className={cx(
              'block rounded-full px-3 py-1.5 text-sm whitespace-nowrap',
              activeSlug === undefined
                ? 'bg-brand text-white'
                : 'text-slate-700 hover:bg-slate-100',
            )}
          >
            {t('shop.home')}
          </Link>
        </li>
        {categories.map((category) => (
          <li key={category.id}>
            <Link
              to={`/c/${category.slug}`}
              prefetch="intent"
              aria-current={category.slug === activeSlug ? 'page' : undefined}
              className={cx(
                'block rounded-full px-3 py-1.5 text-sm whitespace-nowrap',
                category.slug === activeSlug
                  ? 'bg-brand text-white'
                  : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              {category.icon ? <span className="mr-1">{category.icon}</span> : null}
              {category.name}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The header's cart link; its count is fetched once the page is up, and again after each form post. */
function CartLink() {
  const t = useT();
  const fetcher = useFetcher<{ count: number }>();
  const { load, state, data } = fetcher;
  useEffect(() => {
    if (state === 'idle' && data === undefined) load('/cart/count');
  }, [load, state, data]);
  const count = data?.count ?? 0;
  return (
    <Link
      to="/cart"
      className="relative inline-flex items-center gap-1 text-sm text-white/90 underline-offset-4 hover:underline"
      aria-label={count > 0 ? t('cart.nav.withCount', { count }) : t('cart.nav')}
    >
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="h-5 w-5"
      >
        <circle cx="9" cy="20" r="1.5" />
        <circle cx="18" cy="20" r="1.5" />
        <path d="M2 3h3l2.7 12.2a2 2 0 0 0 2 1.6h7.6a2 2 0 0 0 2-1.5L21 8H6.2" />
      </svg>
      {/* On a phone the icon and the count say it; the word comes back on wider screens. */}
      <span className="hidden sm:inline">{t('cart.nav')}</span>
      {count > 0 ? (
        <span
          aria-hidden
          data-testid="cart-count"
          className="bg-accent ml-0.5 min-w-5 rounded-full px-1.5 text-center text-xs leading-5 font-semibold text-white"
        >
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}

/** Header (shop name, search, language), the category bar and the footer around a shop page. */
export function ShopLayout({
  shop,
  categories = [],
  activeSlug,
  query,
  hero,
  children,
}: {
  shop: Shop;
  categories?: ShopCategory[];
  /** The category being shown; '' for none, undefined on the home page. */
  activeSlug?: string | undefined;
  query?: string;
  hero?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="bg-brand text-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-3 px-4 py-3 sm:flex-nowrap">
          <Link to="/" className="flex min-w-0 items-center gap-3">
            <span className="bg-accent flex h-10 w-10 shrink-0 items-center justify-center rounded-xl text-lg font-bold text-white shadow">
              {shop.branding.logoText ?? shop.name.slice(0, 1)}
            </span>
            <span className="truncate text-lg font-semibold">{shop.name}</span>
          </Link>
          <div className="ml-auto flex shrink-0 items-center gap-4 sm:order-last">
            <CartLink />
            <Link
              to="/orders/lookup"
              className="text-sm text-white/90 underline-offset-4 hover:underline"
            >
              {t('shop.nav.lookup')}
            </Link>
            <Link
              to="/account"
              className="text-sm text-white/90 underline-offset-4 hover:underline"
            >
              {t('shop.nav.account')}
            </Link>
            <LangSwitch className="text-white/90" />
          </div>
          <div className="w-full sm:ml-auto sm:max-w-sm">
            <SearchBox {...(query !== undefined ? { query } : {})} />
          </div>
        </div>
        {hero}
      </header>
      <CategoryBar categories={categories} activeSlug={activeSlug} />
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">{children}</main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-col items-center gap-2 px-4 py-6 text-center text-xs text-slate-500 sm:flex-row sm:justify-between sm:text-left">
          <p>
            <Link to="/" className="font-medium text-slate-700 hover:underline">
              {shop.name}
            </Link>
            <span className="mx-2">·</span>
            {t('shop.features.instant')}
          </p>
          <p className="text-slate-400">{t('common.poweredBy')}</p>
        </div>
      </footer>
    </div>
  );
}

/** A page-level message inside the shop frame (not found, empty). */
export function ShopMessage({
  code,
  title,
  body,
}: {
  code?: string;
  title: string;
  body?: string;
}) {
  const t = useT();
  return (
    <section className="mx-auto max-w-md py-16 text-center">
      {code ? <p className="text-brand text-5xl font-bold">{code}</p> : null}
      <h1 className="mt-4 text-2xl font-semibold">{title}</h1>
      {body ? <p className="mt-3 text-slate-600">{body}</p> : null}
      <Link
        to="/"
        className="bg-brand mt-6 inline-flex rounded-lg px-4 py-2 text-sm font-medium text-white"
      >
        {t('common.backHome')}
      </Link>
    </section>
  );
}
