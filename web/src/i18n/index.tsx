import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';
import type { MessageKey, Messages } from './zh-CN.ts';

export type { MessageKey } from './zh-CN.ts';
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const DICTIONARIES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'gz_lang';

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Looks up a key built at run time (a role, a level, a unit kind); falls back to the raw value. */
  tDynamic: (prefix: string, value: string) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}

function readStoredLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode); the default applies
  }
  return 'zh-CN';
}

function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${DICTIONARIES[lang]['app.name']} · ${DICTIONARIES[lang]['app.tagline']}`;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // ignore: the choice still applies to this page
    }
    setLangState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const messages = DICTIONARIES[lang];
    const t: Translate = (key, params) => interpolate(messages[key], params);
    const tDynamic = (prefix: string, raw: string) => {
      const key = `${prefix}.${raw}`;
      return key in messages ? messages[key as MessageKey] : raw;
    };
    return { lang, setLang, t, tDynamic };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

export function useLang(): Pick<I18nValue, 'lang' | 'setLang' | 'tDynamic'> {
  const { lang, setLang, tDynamic } = useI18n();
  return { lang, setLang, tDynamic };
}
