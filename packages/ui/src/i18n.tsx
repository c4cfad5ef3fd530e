import { createContext, useContext, type ReactNode } from 'react';
import { messages, type MessageKey } from './messages.js';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const DEFAULT_LANG: Lang = 'zh-CN';

/** The language for a request: ?lang= wins, then the lang cookie, then Simplified Chinese. */
export function pickLang(request: Request): Lang {
  const fromQuery = new URL(request.url).searchParams.get('lang');
  if (fromQuery === 'en' || fromQuery === 'zh-CN') return fromQuery;
  const cookie = request.headers.get('cookie') ?? '';
  const match = /(?:^|;\s*)lang=(en|zh-CN)(?:;|$)/.exec(cookie);
  return (match?.[1] as Lang | undefined) ?? DEFAULT_LANG;
}

export function langCookie(lang: Lang): string {
  return `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

export function translate(
  lang: Lang,
  key: MessageKey,
  vars?: Record<string, string | number>,
): string {
  const template = messages[lang][key] ?? messages['zh-CN'][key];
  return vars
    ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`))
    : template;
}

const LangContext = createContext<Lang>(DEFAULT_LANG);

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

export function useLang(): Lang {
  return useContext(LangContext);
}

export function useT() {
  const lang = useContext(LangContext);
  return (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
}

export type { MessageKey };
