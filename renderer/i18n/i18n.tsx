// Every string goes through t() (issue 3 §3): Korean by default, English switchable, the choice remembered.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { ko, type MessageKey } from './ko.ts';

export type Lang = 'ko' | 'en';
const LANG_KEY = 'docdesk.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { ko, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

type I18n = { lang: Lang; setLang: (l: Lang) => void; t: Translate; locale: string };
const I18nContext = createContext<I18n | null>(null);

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

function initialLang(): Lang {
  try {
    return window.localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ko';
  } catch {
    return 'ko';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    document.documentElement.lang = l;
    try {
      window.localStorage.setItem(LANG_KEY, l);
    } catch {
      // storage may be unavailable; the choice lasts for this session only
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    return { lang, setLang, locale: lang === 'ko' ? 'ko-KR' : 'en-GB', t: (key, vars) => format(dict[key], vars) };
  }, [lang, setLang]);
  document.documentElement.lang = lang;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
