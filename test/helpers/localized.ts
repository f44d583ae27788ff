/** Every {en, zh} object anywhere in a value, with its path. */
export function localizedStrings(value: unknown, path = ''): { path: string; en: string; zh: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedStrings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('en' in record || 'zh' in record) return [{ path, en: String(record.en ?? ''), zh: String(record.zh ?? '') }];
    return Object.entries(record).flatMap(([k, v]) => localizedStrings(v, path ? `${path}.${k}` : k));
  }
  return [];
}
