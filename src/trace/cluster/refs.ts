/**
 * What --from and --to name in the user's objects: a workload (`[ns/][kind/]name`, or `pod/name` for
 * one Pod), a Service (`svc/[ns/]name[:port]`) or an address (`IP[:port]`). An unknown name is a
 * usage error with the closest name of the input as a suggestion.
 */
import { closest } from '../../catalogue/catalogue.ts';
import type { ClusterModel, PodInstance, ServiceModel, ServicePort, Workload } from '../../cluster/model.ts';
import { UsageError } from '../../errors.ts';
import { parseIp } from '../ipv4.ts';

/** kubectl's names and short names for the workload kinds. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  pod: 'Pod',
  pods: 'Pod',
  po: 'Pod',
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  ds: 'DaemonSet',
  replicaset: 'ReplicaSet',
  replicasets: 'ReplicaSet',
  rs: 'ReplicaSet',
  replicationcontroller: 'ReplicationController',
  rc: 'ReplicationController',
  job: 'Job',
  jobs: 'Job',
  cronjob: 'CronJob',
  cronjobs: 'CronJob',
  cj: 'CronJob',
};

const SERVICE_WORDS = new Set(['svc', 'service', 'services']);

export type TargetRef =
  | { readonly kind: 'workload'; readonly workload: Workload; readonly pod?: PodInstance; readonly port?: string }
  | { readonly kind: 'service'; readonly service: ServiceModel; readonly port?: string }
  | { readonly kind: 'address'; readonly ip: string; readonly port?: number };

/** `text:port` → [text, port]; IPv4 addresses and names never contain a colon. */
function splitPort(text: string): [string, string | undefined] {
  const colon = text.lastIndexOf(':');
  return colon < 0 ? [text, undefined] : [text.slice(0, colon), text.slice(colon + 1)];
}

function portNumber(text: string, option: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new UsageError(`${option}: "${text}" is not a port number (1-65535)`);
  }
  return Number(text);
}

function suggest(query: string, candidates: readonly string[]): string {
  const hint = closest(query, candidates);
  return hint ? `; did you mean "${hint}"?` : '';
}

/** A workload by `[ns/][kind/]name` (or one Pod by `[ns/]pod/name`), searching every namespace when none is given. */
export function findWorkload(model: ClusterModel, text: string, option: string): { workload: Workload; pod?: PodInstance } {
  const parts = text.split('/');
  let namespace: string | undefined;
  let kind: string | undefined;
  let name: string;
  if (parts.length === 1) name = parts[0] ?? '';
  else if (parts.length === 2) {
    const first = (parts[0] ?? '').toLowerCase();
    if (KIND_NAMES[first]) kind = KIND_NAMES[first];
    else namespace = parts[0];
    name = parts[1] ?? '';
  } else if (parts.length === 3) {
    namespace = parts[0];
    kind = KIND_NAMES[(parts[1] ?? '').toLowerCase()];
    if (!kind) throw new UsageError(`${option} ${text}: "${parts[1]}" is not a workload kind (deployment, statefulset, daemonset, pod …)`);
    name = parts[2] ?? '';
  } else throw new UsageError(`${option} ${text}: expected [namespace/][kind/]name`);
  if (name === '') throw new UsageError(`${option} ${text}: no name`);
  const inNamespace = (w: Workload): boolean => namespace === undefined || w.namespace === namespace;
  if (kind === 'Pod') {
    const pods = model.workloads.filter(inNamespace).flatMap((w) => w.pods.map((pod) => ({ workload: w, pod })));
    const matches = pods.filter((p) => p.pod.name === name);
    if (matches.length === 1 && matches[0]) return matches[0];
    if (matches.length > 1)
      throw ambiguous(
        option,
        text,
        matches.map((m) => `${m.pod.namespace}/pod/${m.pod.name}`),
      );
    throw new UsageError(
      `${option} ${text}: no such Pod in the input${suggest(
        name,
        pods.map((p) => p.pod.name),
      )}`,
    );
  }
  const byName = model.workloads.filter((w) => inNamespace(w) && w.name === name && (kind === undefined || w.kind === kind));
  if (byName.length === 1 && byName[0]) return { workload: byName[0] };
  if (byName.length > 1)
    throw ambiguous(
      option,
      text,
      byName.map((w) => `${w.namespace}/${w.kind.toLowerCase()}/${w.name}`),
    );
  // A Deployment known only through its Pods: they belong to ReplicaSet <name>-<pod-template-hash>.
  if (kind === undefined || kind === 'Deployment') {
    const hashed = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[a-z0-9]{5,10}$`);
    const sets = model.workloads.filter((w) => inNamespace(w) && w.kind === 'ReplicaSet' && w.object === undefined && hashed.test(w.name));
    if (sets.length === 1 && sets[0]) return { workload: sets[0] };
    if (sets.length > 1)
      throw ambiguous(
        option,
        text,
        sets.map((w) => `${w.namespace}/${w.kind.toLowerCase()}/${w.name}`),
      );
  }
  // A Pod name given without pod/ also names that Pod.
  if (kind === undefined) {
    const pods = model.workloads
      .filter(inNamespace)
      .flatMap((w) => w.pods.filter((p) => p.name === name).map((pod) => ({ workload: w, pod })));
    if (pods.length === 1 && pods[0]) return pods[0];
  }
  const candidates = model.workloads.map((w) => (namespace === undefined ? w.name : `${w.namespace}/${w.name}`));
  const query = namespace === undefined ? name : `${namespace}/${name}`;
  throw new UsageError(`${option} ${text}: no such workload in the input${suggest(query, candidates)}`);
}

function ambiguous(option: string, text: string, names: readonly string[]): UsageError {
  return new UsageError(
    `${option} ${text} is ambiguous: it names ${names.slice(0, 4).join(', ')}${names.length > 4 ? ' …' : ''}; give the namespace and kind`,
  );
}

/** A Service by `[ns/]name`, searching every namespace when none is given. */
export function findService(model: ClusterModel, text: string, option: string): ServiceModel {
  const parts = text.split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) throw new UsageError(`${option} svc/${text}: expected svc/[namespace/]name`);
  const [namespace, name] = parts.length === 2 ? [parts[0], parts[1] ?? ''] : [undefined, parts[0] ?? ''];
  const found = model.services.filter((s) => s.name === name && (namespace === undefined || s.namespace === namespace));
  if (found.length === 1 && found[0]) return found[0];
  if (found.length > 1)
    throw ambiguous(
      option,
      `svc/${text}`,
      found.map((s) => `svc/${s.namespace}/${s.name}`),
    );
  const query = namespace === undefined ? name : `${namespace}/${name}`;
  const candidates = model.services.map((s) => (namespace === undefined ? s.name : `${s.namespace}/${s.name}`));
  throw new UsageError(`${option} svc/${text}: no such Service in the input${suggest(query, candidates)}`);
}

/** Parse --to (or --from): a Service, a workload or an address, each with an optional port. */
export function parseTarget(model: ClusterModel, text: string, option: string): TargetRef {
  const [body, port] = splitPort(text.trim());
  if (parseIp(body) !== undefined) {
    return { kind: 'address', ip: body, ...(port !== undefined ? { port: portNumber(port, option) } : {}) };
  }
  if (/^[\d.]+$/.test(body)) throw new UsageError(`${option} ${text}: "${body}" is not an IPv4 address`);
  const slash = body.indexOf('/');
  if (slash > 0 && SERVICE_WORDS.has(body.slice(0, slash).toLowerCase())) {
    const service = findService(model, body.slice(slash + 1), option);
    return { kind: 'service', service, ...(port !== undefined ? { port } : {}) };
  }
  const { workload, pod } = findWorkload(model, body, option);
  return { kind: 'workload', workload, ...(pod ? { pod } : {}), ...(port !== undefined ? { port } : {}) };
}

/** The Service port --to asked for (a number or a port name), or the Service's first port. */
export function servicePort(service: ServiceModel, asked: string | undefined, option: string): ServicePort {
  const port = asked === undefined ? service.ports[0] : service.ports.find((p) => p.name === asked || String(p.port) === asked);
  if (port) return port;
  const listed = service.ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ');
  if (asked === undefined) throw new UsageError(`${option}: Service ${service.key} has no ports in the input`);
  throw new UsageError(`${option}: Service ${service.key} has no port "${asked}"; its ports: ${listed || 'none'}`);
}
