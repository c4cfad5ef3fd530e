import type { MetaDescriptor } from '@remix-run/node';
import type { RootData } from '../root';

interface Match {
  id: string;
  data: unknown;
}

/** The root loader's data from a meta function's matches. */
export function rootDataOf(matches: readonly Match[]): RootData | undefined {
  return matches.find((m) => m.id === 'root')?.data as RootData | undefined;
}

/** "<page> - <shop>", with a description. */
export function shopMeta(
  matches: readonly Match[],
  page: string | null,
  description?: string | null,
): MetaDescriptor[] {
  const shop = rootDataOf(matches)?.shop;
  const title = [page, shop?.name].filter(Boolean).join(' - ');
  const meta: MetaDescriptor[] = [{ title }];
  const text = description ?? shop?.branding.tagline;
  if (text) meta.push({ name: 'description', content: text });
  if (shop) meta.push({ property: 'og:title', content: title });
  return meta;
}
