import { describe, expect, it } from 'vitest';
import { langFromEnv } from '../../src/i18n/lang.ts';
import { ALL_MESSAGE_TABLES } from '../../src/i18n/messages.ts';

describe('interface strings', () => {
  it('exist, non-empty, in both languages for every key', () => {
    const { en, zh, ...perLang } = ALL_MESSAGE_TABLES;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries({ ...en, ...zh })) expect(value.trim(), key).not.toBe('');
    for (const [name, table] of Object.entries(perLang)) {
      expect(Object.keys(table.zh).sort(), name).toEqual(Object.keys(table.en).sort());
      for (const lang of ['en', 'zh'] as const)
        for (const [key, value] of Object.entries(table[lang])) expect(value.trim(), `${name}.${lang}.${key}`).not.toBe('');
    }
  });

  it('has a Chinese text for every heading that differs from the English one', () => {
    const { en, zh } = ALL_MESSAGE_TABLES;
    for (const key of ['responsibilities', 'misconceptions', 'sources', 'compareTitle', 'layerMapTitle'] as const) {
      expect(zh[key]).not.toBe(en[key]);
      expect(zh[key]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('default language from the locale', () => {
  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'zh_TW' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'C' }, 'en'],
    [{}, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' }, 'en'],
  ] as const)('%o → %s', (env, lang) => {
    expect(langFromEnv(env)).toBe(lang);
  });
});
