import './context';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { I18nProvider, translate, useNonce, useT, type Lang } from '@cardshop/ui';
import styles from './styles.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { host, lang, hostHeader, runtime } = context;
  if (host.kind === 'unknown') {
    throw Response.json({ reason: 'unknown-shop', host: hostHeader, lang }, { status: 404 });
  }
  if (host.kind === 'platform') {
    return {
      lang,
      shop: null,
      consoleUrl: runtime.env.CONSOLE_ORIGIN,
      example: `demo.${runtime.env.PLATFORM_DOMAIN}`,
    };
  }
  const { tenant } = host;
  if (tenant.status !== 'active') {
    throw Response.json({ reason: 'shop-closed', name: tenant.name, lang }, { status: 503 });
  }
  return {
    lang,
    shop: { name: tenant.name, slug: tenant.slug, branding: tenant.branding },
    consoleUrl: runtime.env.CONSOLE_ORIGIN,
    example: `demo.${runtime.env.PLATFORM_DOMAIN}`,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const lang = data?.lang ?? 'zh-CN';
  return [{ title: data?.shop ? data.shop.name : translate(lang, 'platform.title') }];
};

function brandStyle(data: RootData | undefined): Record<string, string> {
  const branding = data?.shop?.branding;
  const style: Record<string, string> = {};
  if (branding?.primaryColor) style['--color-brand'] = branding.primaryColor;
  if (branding?.accentColor) style['--color-accent'] = branding.accentColor;
  return style;
}

function Document({
  lang,
  style,
  children,
}: {
  lang: Lang;
  style?: Record<string, string>;
  children: React.ReactNode;
}) {
  const nonce = useNonce();
  return (
    <html lang={lang} style={style}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const lang = data?.lang ?? 'zh-CN';
  return (
    <Document lang={lang} style={brandStyle(data)}>
      <I18nProvider lang={lang}>{children}</I18nProvider>
    </Document>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error)) {
    const data = (error.data ?? {}) as { reason?: string; host?: string; name?: string };
    const [title, body] =
      data.reason === 'unknown-shop'
        ? [t('shop.notFound.title'), t('shop.notFound.body', { host: data.host ?? '' })]
        : data.reason === 'shop-closed'
          ? [t('shop.closed.title'), t('shop.closed.body', { name: data.name ?? '' })]
          : [t('common.notFound.title'), ''];
    return <Message code={String(error.status)} title={title} body={body} />;
  }
  return <Message code="500" title={t('common.error.title')} body={t('common.error.body')} />;
}

function Message({ code, title, body }: { code: string; title: string; body: string }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center px-6 text-center">
      <p className="text-brand text-5xl font-bold">{code}</p>
      <h1 className="mt-4 text-2xl font-semibold">{title}</h1>
      {body ? <p className="mt-3 text-slate-600">{body}</p> : null}
    </main>
  );
}
