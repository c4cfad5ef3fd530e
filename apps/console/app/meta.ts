import type { MetaFunction } from '@remix-run/node';
import { translate, type Lang, type MessageKey } from '@cardshop/ui';

/** A page title in the language the root loader picked. */
export function titleMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const lang = (matches.find((m) => m.id === 'root')?.data as { lang?: Lang } | undefined)?.lang;
    return [{ title: translate(lang ?? 'zh-CN', key) }];
  };
}
