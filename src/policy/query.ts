/**
 * What `reach` was asked, resolved against the input: the full list (optionally focused on one
 * peer), one pair (`--from`, `--to`, `--port`), a Service's backends on its target ports
 * (`--to svc/NS/NAME`), or the exposure table. Names that match nothing are usage errors with a
 * "did you mean".
 */
import type { Protocol } from '../cluster/model.ts';
import { UsageError } from '../errors.ts';
import { listConnections } from './connectivity.ts';
import { explainConnection, findPeer } from './explain.ts';
import { type PolicyInput, targetPortOn } from './input.ts';
import type { ConnectionVerdict, PeerRef, PortQuery } from './types.ts';

export interface ReachOptions {
  from?: string;
  to?: string;
  port?: string;
  focus?: string;
  exposure?: boolean;
}

export interface ResolvedPair {
  verdict: ConnectionVerdict;
  port: string | null;
  service: { name: string; port: string; target: string | null } | null;
}

export type ResolvedQuery =
  | { mode: 'list'; focus?: string; connections: ReturnType<typeof listConnections> }
  | { mode: 'pair'; pairs: ResolvedPair[] }
  | { mode: 'exposure' };

/** `5432`, `5432/TCP`, `53/udp`: a port from 1 to 65535 and a protocol (TCP by default). */
export function parsePort(text: string): PortQuery {
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  const port = match ? Number(match[1]) : Number.NaN;
  if (!match || port < 1 || port > 65535)
    throw new UsageError(`--port "${text}" is not a port from 1 to 65535 with an optional /TCP, /UDP or /SCTP, such as 5432/TCP`);
  return { port, protocol: (match[2]?.toUpperCase() ?? 'TCP') as Protocol };
}

const SERVICE_PREFIX = /^(?:svc|service|services)\/([^/]+)\/([^/]+)$/i;

function peerLabel(input: PolicyInput, ref: PeerRef): string {
  if ('workload' in ref) return input.workloads.find((w) => w.workload.key === ref.workload)?.name ?? ref.workload;
  return 'ip' in ref ? ref.ip : '{ingress-controller}';
}

export function resolveQuery(input: PolicyInput, options: ReachOptions): ResolvedQuery {
  if ((options.from === undefined) !== (options.to === undefined)) throw new UsageError('--from and --to go together');
  if (options.port !== undefined && options.from === undefined) throw new UsageError('--port needs --from and --to');
  if (options.focus !== undefined && options.from !== undefined)
    throw new UsageError('--focus lists many connections; leave out --from and --to');
  if (options.exposure && (options.from !== undefined || options.focus !== undefined))
    throw new UsageError('--exposure cannot be combined with --from, --to or --focus');
  if (options.exposure) return { mode: 'exposure' };
  if (options.from === undefined || options.to === undefined) {
    if (options.focus === undefined) return { mode: 'list', connections: listConnections(input) };
    const ref = findPeer(input, options.focus, '--focus');
    const focus = peerLabel(input, ref);
    if ('ip' in ref) throw new UsageError('--focus takes a workload or {ingress-controller}, not an address');
    return { mode: 'list', focus, connections: listConnections(input, { focus }) };
  }
  const port = options.port !== undefined ? parsePort(options.port) : undefined;
  const src = findPeer(input, options.from, '--from');
  const service = SERVICE_PREFIX.exec(options.to.trim());
  if (!service) {
    const dst = findPeer(input, options.to, '--to');
    const verdict = explainConnection(input, src, dst, port);
    return { mode: 'pair', pairs: [{ verdict, port: port ? `${port.port}/${port.protocol}` : null, service: null }] };
  }
  return { mode: 'pair', pairs: servicePairs(input, src, service[1] as string, service[2] as string, port) };
}

/**
 * `--to svc/NS/NAME`: the verdict for each workload the Service selects, on each of its ports (or
 * the one `--port` names, as a Service port) mapped to the target port on that workload.
 */
function servicePairs(input: PolicyInput, src: PeerRef, namespace: string, name: string, port?: PortQuery): ResolvedPair[] {
  const service = input.model.service(namespace, name);
  if (!service) {
    const names = input.model.services.map((s) => `svc/${s.namespace}/${s.name}`);
    const near = names.find((n) => n.toLowerCase().endsWith(`/${name.toLowerCase()}`));
    throw new UsageError(`--to: no Service ${namespace}/${name} in the input${near ? `; did you mean "${near}"?` : ''}`);
  }
  const ports = port ? service.ports.filter((p) => p.port === port.port && p.protocol === port.protocol) : service.ports;
  if (ports.length === 0)
    throw new UsageError(
      `--port ${port?.port}/${port?.protocol} is not a port of Service ${service.key}; it has ${service.ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'none'}`,
    );
  if (service.workloads.length === 0)
    throw new UsageError(
      `Service ${service.key} selects no workload of the input${service.externalName ? ` (ExternalName ${service.externalName})` : ''}`,
    );
  const out: ResolvedPair[] = [];
  for (const key of service.workloads) {
    const workload = input.model.workload(key);
    if (!workload) continue;
    for (const p of ports) {
      const target = targetPortOn(p, workload);
      const servicePort = `${p.port}/${p.protocol}`;
      const label = `${service.namespace}/${service.name}`;
      const query = target ? { port: target.port, protocol: target.protocol } : undefined;
      const verdict = query
        ? explainConnection(input, src, { workload: key }, query)
        : {
            ...explainConnection(input, src, { workload: key }, { port: p.port, protocol: p.protocol as Protocol }),
            allowed: false,
            connections: '',
          };
      out.push({
        verdict,
        port: target ? `${target.port}/${target.protocol}` : String(p.targetPort),
        service: { name: label, port: servicePort, target: target ? `${target.port}/${target.protocol}` : null },
      });
    }
  }
  return out;
}
