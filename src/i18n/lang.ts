import { LANGS, type Lang } from '../catalogue/constants.ts';

/**
 * The default language comes from the locale, the way gettext picks it:
 * LC_ALL, then LC_MESSAGES, then LANG. Any zh locale (zh_CN.UTF-8, zh_TW, zh) selects Chinese.
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([_.-]|$)/i.test(locale) ? 'zh' : 'en';
}

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}
