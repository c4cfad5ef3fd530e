import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from '@remix-run/react';
import type { MessageKey } from '@cardshop/ui';
import { useT } from '@cardshop/ui';
import type { RootData } from '../root';
import { ShopLayout, ShopMessage } from './shop-layout';

export interface ErrorData {
  reason?: string;
  message?: string;
  slug?: string;
}

/**
 * A page's ErrorBoundary inside the shop frame: `describe` turns the loader's error response into
 * a title and body; anything else is the generic error page.
 */
export function ShopRouteError({
  describe,
}: {
  describe: (status: number, data: ErrorData) => { title: MessageKey; body?: string } | null;
}) {
  const error = useRouteError();
  const root = useRouteLoaderData('root') as RootData | undefined;
  const t = useT();
  let content = (
    <ShopMessage code="500" title={t('common.error.title')} body={t('common.error.body')} />
  );
  if (isRouteErrorResponse(error)) {
    const data = (error.data ?? {}) as ErrorData;
    const described = describe(error.status, data);
    content = described ? (
      <ShopMessage
        code={String(error.status)}
        title={t(described.title)}
        {...(described.body ? { body: described.body } : {})}
      />
    ) : (
      <ShopMessage
        code={String(error.status)}
        title={t('common.notFound.title')}
        {...(data.message ? { body: data.message } : {})}
      />
    );
  }
  if (!root?.shop) return content;
  return <ShopLayout shop={root.shop}>{content}</ShopLayout>;
}
