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
import { I18nProvider, translate, useNonce, useT } from '@cardshop/ui';
import styles from './styles.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export function loader({ context }: LoaderFunctionArgs) {
  return { lang: context.lang, requestId: context.requestId };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translate(data?.lang ?? 'zh-CN', 'console.title') },
];

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const lang = data?.lang ?? 'zh-CN';
  const nonce = useNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body
        className="min-h-screen bg-slate-100 text-slate-900 antialiased"
        style={{ ['--color-brand' as string]: '#4f46e5' }}
      >
        <I18nProvider lang={lang}>{children}</I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const data = useRouteLoaderData<typeof loader>('root');
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center px-6 text-center">
      <p className="text-brand text-5xl font-bold">{status}</p>
      <h1 className="mt-4 text-2xl font-semibold">
        {status === 404 ? t('common.notFound.title') : t('common.error.title')}
      </h1>
      {status >= 500 ? (
        <p className="mt-3 text-slate-600">
          {t('common.error.body')}{' '}
          {data?.requestId ? <code className="text-xs">{data.requestId}</code> : null}
        </p>
      ) : null}
      <a href="/" className="text-brand mt-6 underline">
        {t('common.backHome')}
      </a>
    </main>
  );
}
