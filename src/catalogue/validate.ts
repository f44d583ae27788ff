/**
 * Stage one of validation: each document against its zod schema.
 * Issues read `file: dot.path: message`, one per line, ready for the user.
 */
import type { z } from 'zod';
import type { RawDocument } from './load.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: string[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(root)';
}

export function validateDocument<S extends z.ZodType>(schema: S, doc: RawDocument): Validated<z.infer<S>> {
  const result = schema.safeParse(doc.value);
  if (result.success) return { ok: true, value: result.data };
  const prefix = doc.count > 1 ? `${doc.file} (document ${doc.index + 1})` : doc.file;
  return {
    ok: false,
    issues: result.error.issues.map((issue) => `${prefix}: ${formatPath(issue.path)}: ${issue.message}`),
  };
}
