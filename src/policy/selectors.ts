/**
 * Label selectors as the API defines them: `matchLabels` and `matchExpressions` (In, NotIn,
 * Exists, DoesNotExist), ANDed; an empty selector selects everything. NotIn and DoesNotExist also
 * select objects that lack the key.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
import type { LabelMap } from '../cluster/model.ts';
import { arr, get, isRecord, str } from '../cluster/objects.ts';

export interface Selector {
  readonly matches: (labels: LabelMap) => boolean;
  /** Selects everything (`{}`). */
  readonly empty: boolean;
  /** A short text for explanations: `app=web, tier in (a,b)`, or `{}`. */
  readonly text: string;
  /** The label keys it reads. */
  readonly keys: readonly string[];
}

const hasKey = (labels: LabelMap, key: string): boolean => Object.hasOwn(labels, key);

export const SELECT_ALL: Selector = { matches: () => true, empty: true, text: '{}', keys: [] };
export const SELECT_NONE: Selector = { matches: () => false, empty: false, text: '(invalid)', keys: [] };

/** The offending part of an invalid selector, as it was written (language-neutral). */
const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/**
 * Compile a selector; an invalid one (unknown operator, values where none belong) selects nothing
 * and is reported through `warn` with the offending part, since the API server would have refused it.
 */
export function compileSelector(value: unknown, warn: (message: string) => void): Selector {
  if (value === undefined || value === null) return SELECT_ALL;
  if (!isRecord(value)) {
    warn(shown(value));
    return SELECT_NONE;
  }
  const tests: ((labels: LabelMap) => boolean)[] = [];
  const texts: string[] = [];
  const keys = new Set<string>();
  const matchLabels = value.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) {
      warn(shown({ matchLabels }));
      return SELECT_NONE;
    }
    for (const [k, v] of Object.entries(matchLabels)) {
      const want = str(v);
      if (want === undefined) {
        warn(shown({ matchLabels: { [k]: v } }));
        return SELECT_NONE;
      }
      keys.add(k);
      texts.push(`${k}=${want}`);
      tests.push((labels) => hasKey(labels, k) && labels[k] === want);
    }
  }
  for (const e of arr(value.matchExpressions)) {
    const key = str(get(e, 'key'));
    const operator = str(get(e, 'operator'));
    const values = arr(get(e, 'values'))
      .map(str)
      .filter((v): v is string => v !== undefined);
    if (key === undefined || operator === undefined) {
      warn(shown(e));
      return SELECT_NONE;
    }
    keys.add(key);
    const set = new Set(values);
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          warn(shown(e));
          return SELECT_NONE;
        }
        texts.push(`${key} ${operator === 'In' ? 'in' : 'notin'} (${values.join(',')})`);
        tests.push(
          operator === 'In'
            ? (labels) => hasKey(labels, key) && set.has(labels[key] as string)
            : (labels) => !hasKey(labels, key) || !set.has(labels[key] as string),
        );
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          warn(shown(e));
          return SELECT_NONE;
        }
        texts.push(operator === 'Exists' ? key : `!${key}`);
        tests.push(operator === 'Exists' ? (labels) => hasKey(labels, key) : (labels) => !hasKey(labels, key));
        break;
      default:
        warn(shown(e));
        return SELECT_NONE;
    }
  }
  if (tests.length === 0) return SELECT_ALL;
  return {
    matches: (labels) => tests.every((test) => test(labels)),
    empty: false,
    text: texts.join(', '),
    keys: [...keys].sort(),
  };
}
