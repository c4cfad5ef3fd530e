import { useRouteLoaderData } from '@remix-run/react';
import { useLang, useT } from '@cardshop/ui';
import type { RootData } from '../root';

export default function Home() {
  const data = useRouteLoaderData('root') as RootData;
  return data.shop ? (
    <ShopHome shop={data.shop} />
  ) : (
    <PlatformHome consoleUrl={data.consoleUrl} example={data.example} />
  );
}

function LangSwitch() {
  const t = useT();
  const lang = useLang();
  return (
    <a
      href={`?lang=${lang === 'en' ? 'zh-CN' : 'en'}`}
      className="text-sm text-white/90 underline-offset-4 hover:underline"
    >
      {t('lang.switch')}
    </a>
  );
}

function ShopHome({ shop }: { shop: NonNullable<RootData['shop']> }) {
  const t = useT();
  const { branding } = shop;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="bg-brand text-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-3">
            <span className="bg-accent flex h-10 w-10 items-center justify-center rounded-xl text-lg font-bold text-white shadow">
              {branding.logoText ?? shop.name.slice(0, 1)}
            </span>
            <span className="text-lg font-semibold">{shop.name}</span>
          </div>
          <LangSwitch />
        </div>
        <div className="mx-auto max-w-5xl px-4 pt-6 pb-10">
          <h1 className="text-2xl font-bold sm:text-3xl">{shop.name}</h1>
          {branding.tagline ? <p className="mt-2 text-white/90">{branding.tagline}</p> : null}
        </div>
      </header>

      <main className="mx-auto -mt-6 w-full max-w-5xl flex-1 space-y-6 px-4 pb-12">
        {branding.notice ? (
          <section className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 shadow-sm">
            <strong className="mr-2">{t('shop.notice')}</strong>
            {branding.notice}
          </section>
        ) : null}

        <ul className="grid gap-3 sm:grid-cols-3">
          {(
            ['shop.features.instant', 'shop.features.secure', 'shop.features.support'] as const
          ).map((key) => (
            <li
              key={key}
              className="rounded-xl bg-white px-4 py-3 text-sm text-slate-700 shadow-sm ring-1 ring-slate-200"
            >
              <span className="text-brand mr-2">●</span>
              {t(key)}
            </li>
          ))}
        </ul>

        <section
          aria-labelledby="goods"
          className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
        >
          <h2 id="goods" className="text-lg font-semibold">
            {t('shop.goods')}
          </h2>
          <div className="py-12 text-center">
            <p className="font-medium text-slate-800">{t('shop.empty.title')}</p>
            <p className="mt-1 text-sm text-slate-500">{t('shop.empty.body')}</p>
          </div>
        </section>
      </main>

      <footer className="py-6 text-center text-xs text-slate-400">{t('common.poweredBy')}</footer>
    </div>
  );
}

function PlatformHome({ consoleUrl, example }: { consoleUrl: string; example: string }) {
  const t = useT();
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-6">
      <h1 className="text-3xl font-bold">{t('platform.title')}</h1>
      <p className="text-slate-600">{t('platform.body')}</p>
      <p className="text-sm text-slate-500">{t('platform.shopHint', { example })}</p>
      <a href={consoleUrl} className="bg-brand inline-flex w-fit rounded-lg px-4 py-2 text-white">
        {t('platform.console')}
      </a>
    </main>
  );
}
