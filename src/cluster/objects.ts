/**
 * The shape every input is normalised to: one Kubernetes object with where it came from, plus
 * small typed accessors so detectors never index raw JSON by hand.
 */

/** Where an object was read from: a file (or "-" for stdin, "kubectl" for a live cluster) and its document. */
export interface SourceRef {
  readonly file: string;
  /** 1-based document number within the file (items of a List share their document's number). */
  readonly doc: number;
}

export interface KObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The object as read; Secret data never leaves this module's callers (see evidence.ts). */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly source: SourceRef;
}

/** What a piece of evidence points at: an object and a field path inside it. */
export interface Evidence {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** JSONPath-like field path, e.g. spec.template.spec.containers[0].image */
  readonly path: string;
  /** The cited value, short; never a Secret value. */
  readonly value?: string;
}

export type Json = unknown;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read a nested field: get(obj, 'spec', 'template', 'spec'). Only own fields: nothing comes from a prototype. */
export function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
      current = current[key];
    }
  }
  return current;
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * A string map from the input (labels, annotations, selectors) without a prototype, so that a key
 * such as `__proto__`, `constructor` or `toString` is just a key, and a missing key is undefined.
 */
export function labelMapOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const s = str(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** An object is a Kubernetes object when it has a string apiVersion and kind, and a metadata.name (or generateName). */
export function toKObject(raw: unknown, source: SourceRef): KObject | undefined {
  if (!isRecord(raw)) return undefined;
  const { apiVersion, kind, metadata } = raw;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !isRecord(metadata)) return undefined;
  const name = str(metadata.name) ?? str(metadata.generateName);
  if (!name) return undefined;
  return {
    apiVersion,
    kind,
    name,
    namespace: str(metadata.namespace),
    labels: labelMapOf(metadata.labels),
    annotations: labelMapOf(metadata.annotations),
    raw,
    source,
  };
}

/** `kind: List`, and typed lists (`PodList`, `NodeList` …) as kubectl prints them. */
export function isList(raw: unknown): raw is { items: unknown[] } {
  return isRecord(raw) && typeof raw.kind === 'string' && /List$/.test(raw.kind) && Array.isArray(raw.items);
}

/** The item kind a typed list implies ("PodList" → "Pod"); kubectl leaves kind/apiVersion off its items. */
export function itemKindOf(listKind: string): string | undefined {
  return listKind === 'List' ? undefined : listKind.replace(/List$/, '');
}

export function group(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function evidence(object: KObject, path: string, value?: string): Evidence {
  const shown = value === undefined ? undefined : value.length > 120 ? `${value.slice(0, 117)}…` : value;
  return {
    kind: object.kind,
    ...(object.namespace ? { namespace: object.namespace } : {}),
    name: object.name,
    path,
    ...(shown !== undefined && object.kind !== 'Secret' ? { value: shown } : {}),
  };
}
