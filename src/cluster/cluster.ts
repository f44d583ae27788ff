/**
 * The objects read, indexed once for all detectors: by kind, every container of every workload
 * (with its field path, flags and env), CRDs by group and ConfigMap entries by key.
 */
import { arr, type Evidence, evidence, get, isRecord, type KObject, labelMapOf, str } from './objects.ts';

/** Where each workload kind keeps its Pod spec. No prototype: it is looked up by the input's `kind` (`constructor` …). */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = Object.assign(Object.create(null), {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
});

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

/** The largest ConfigMap value parsed as embedded configuration (characters). */
export const MAX_EMBEDDED_CONFIG = 1024 * 1024;

export interface ContainerRef {
  readonly object: KObject;
  /** e.g. spec.template.spec.initContainers[1] */
  readonly path: string;
  readonly name: string;
  readonly image: string;
  /** command then args, with the path of each entry. */
  readonly argv: readonly { value: string; path: string }[];
  readonly env: ReadonlyMap<string, { value?: string; path: string; configMapKeyRef?: { name: string; key: string } }>;
  readonly init: boolean;
  /** An init container with restartPolicy: Always (a native sidecar, KEP-753). */
  readonly nativeSidecar: boolean;
}

export interface ConfigEntry {
  readonly object: KObject;
  readonly key: string;
  readonly value: string;
  readonly path: string;
}

export class Cluster {
  readonly objects: readonly KObject[];
  readonly containers: ContainerRef[] = [];
  readonly #byKind = new Map<string, KObject[]>();
  readonly #configByKey = new Map<string, ConfigEntry[]>();
  readonly crdGroups = new Map<string, KObject[]>();
  /** Parses YAML text embedded in ConfigMaps (the yaml module, loaded by the caller). */
  readonly parseYaml: (text: string) => unknown;

  constructor(objects: readonly KObject[], parseYaml: (text: string) => unknown) {
    this.objects = objects;
    this.parseYaml = parseYaml;
    for (const object of objects) {
      pushTo(this.#byKind, object.kind, object);
      const specPath = POD_SPEC_PATHS[object.kind];
      if (specPath) this.#indexContainers(object, specPath);
      if (object.kind === 'ConfigMap') this.#indexConfig(object);
      if (object.kind === 'CustomResourceDefinition') {
        const g = str(get(object.raw, 'spec', 'group'));
        if (g) pushTo(this.crdGroups, g, object);
      }
    }
  }

  ofKind(...kinds: string[]): KObject[] {
    return kinds.flatMap((kind) => this.#byKind.get(kind) ?? []);
  }

  /** ConfigMap entries with this key, in any ConfigMap (names vary by vendor). */
  config(key: string): ConfigEntry[] {
    return this.#configByKey.get(key) ?? [];
  }

  configEntries(): ConfigEntry[] {
    return [...this.#configByKey.values()].flat();
  }

  /** The value a ConfigMap key reference resolves to, in the container's namespace. */
  resolveConfigRef(namespace: string | undefined, ref: { name: string; key: string }): ConfigEntry | undefined {
    return this.config(ref.key).find((e) => e.object.name === ref.name && e.object.namespace === namespace);
  }

  #indexContainers(object: KObject, specPath: readonly string[]): void {
    const spec = get(object.raw, ...specPath);
    if (!isRecord(spec)) return;
    const base = specPath.join('.');
    for (const field of ['initContainers', 'containers'] as const) {
      arr(spec[field]).forEach((c, i) => {
        if (!isRecord(c)) return;
        const path = `${base}.${field}[${i}]`;
        const argv: { value: string; path: string }[] = [];
        for (const part of ['command', 'args'] as const) {
          arr(c[part]).forEach((a, j) => {
            const value = str(a);
            if (value !== undefined) argv.push({ value, path: `${path}.${part}[${j}]` });
          });
        }
        const env = new Map<string, { value?: string; path: string; configMapKeyRef?: { name: string; key: string } }>();
        arr(c.env).forEach((e, j) => {
          const name = str(get(e, 'name'));
          if (!name) return;
          const value = str(get(e, 'value'));
          const refName = str(get(e, 'valueFrom', 'configMapKeyRef', 'name'));
          const refKey = str(get(e, 'valueFrom', 'configMapKeyRef', 'key'));
          env.set(name, {
            ...(value !== undefined ? { value } : {}),
            path: `${path}.env[${j}]`,
            ...(refName && refKey ? { configMapKeyRef: { name: refName, key: refKey } } : {}),
          });
        });
        const init = field === 'initContainers';
        this.containers.push({
          object,
          path,
          name: str(c.name) ?? '',
          image: str(c.image) ?? '',
          argv,
          env,
          init,
          nativeSidecar: init && str(c.restartPolicy) === 'Always',
        });
      });
    }
  }

  #indexConfig(object: KObject): void {
    const data = get(object.raw, 'data');
    if (!isRecord(data)) return;
    for (const [key, value] of Object.entries(data)) {
      const text = str(value);
      if (text === undefined) continue;
      pushTo(this.#configByKey, key, {
        object,
        key,
        value: text,
        path: /^[A-Za-z_][\w-]*$/.test(key) ? `data.${key}` : `data[${JSON.stringify(key)}]`,
      });
    }
  }

  /**
   * Embedded YAML/JSON of a ConfigMap entry, or undefined when it does not parse. Entries over
   * MAX_EMBEDDED_CONFIG are not parsed: the configurations detectors read are a few KB, and the
   * YAML parser's syntax tree costs ~100× the text (37 MB of lines took 3.8 GB and two minutes).
   */
  parseEntry(entry: ConfigEntry): unknown {
    if (entry.value.length > MAX_EMBEDDED_CONFIG) return undefined;
    try {
      return this.parseYaml(entry.value);
    } catch {
      return undefined;
    }
  }
}

/** Append to the list kept under a key, creating it on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `--flag=value`, `--flag value`, `-flag=value` and `-flag value` (Go's flag package takes one dash too). */
export function flagOf(container: ContainerRef, name: string): { value: string; path: string } | undefined {
  const argv = container.argv;
  for (let i = 0; i < argv.length; i++) {
    const entry = argv[i];
    if (!entry) continue;
    // A shell command line in one string (`sh -c "kube-proxy --proxy-mode=ipvs"`): look inside it.
    for (const token of entry.value.split(/\s+/)) {
      const match = /^--?([A-Za-z0-9][\w.-]*)(?:=(.*))?$/.exec(token);
      if (!match || match[1] !== name) continue;
      if (match[2] !== undefined) return { value: match[2], path: entry.path };
      const next = argv[i + 1];
      if (entry.value.trim() === token && next && !next.value.startsWith('-')) return { value: next.value, path: next.path };
      return { value: 'true', path: entry.path };
    }
  }
  return undefined;
}

/** An env var's value, following a configMapKeyRef to the ConfigMap it names. */
export function envOf(cluster: Cluster, container: ContainerRef, name: string): { value: string; evidence: Evidence } | undefined {
  const env = container.env.get(name);
  if (!env) return undefined;
  if (env.value !== undefined) return { value: env.value, evidence: evidence(container.object, `${env.path}.value`, env.value) };
  if (env.configMapKeyRef) {
    const entry = cluster.resolveConfigRef(container.object.namespace, env.configMapKeyRef);
    if (entry) return { value: entry.value, evidence: evidence(entry.object, entry.path, entry.value) };
  }
  return undefined;
}

/** The tag of an image reference, unless it is a digest or a placeholder. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(colon + 1) : undefined;
}

export function imageEvidence(container: ContainerRef): Evidence {
  return evidence(container.object, `${container.path}.image`, container.image);
}

/** The labels or annotations a workload gives its Pods (its pod template's, or a Pod's own), without a prototype. */
export function podMetadata(object: KObject, field: 'labels' | 'annotations'): Record<string, string> {
  if (object.kind === 'Pod') return labelMapOf(get(object.raw, 'metadata', field));
  const specPath = POD_SPEC_PATHS[object.kind];
  if (!specPath) return Object.create(null);
  return labelMapOf(get(object.raw, ...specPath.slice(0, -1), 'metadata', field));
}

export const podLabels = (object: KObject): Record<string, string> => podMetadata(object, 'labels');
export const podAnnotations = (object: KObject): Record<string, string> => podMetadata(object, 'annotations');

export function podTemplatePath(kind: string): string {
  return (POD_SPEC_PATHS[kind] ?? ['spec']).slice(0, -1).join('.');
}

/** Whether a selector (matchLabels-style map) selects these labels. An empty selector selects nothing here. */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}
