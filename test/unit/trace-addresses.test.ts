/**
 * Issue 9, item 13: trace refuses addresses no real cluster could have, with the reason (exit 2),
 * instead of inventing a path.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { compileWalk, type TraceOptions } from '../../src/trace/compile.ts';
import { runInProcess } from '../helpers/in-process.ts';
import { traceData } from './trace-helpers.ts';

const walk = (options: Omit<TraceOptions, 'scenario'> & { scenario?: TraceOptions['scenario'] }) =>
  compileWalk(traceData(), { scenario: 'pod-to-pod', ...options });

describe('impossible --src and --dst', () => {
  it.each([
    [{ crossNode: true, src: '10.244.2.5' }, '--src 10.244.2.5 is the client Pod on node A, whose Pod subnet is 10.244.1.0/24'],
    [{ crossNode: true, dst: '10.244.1.9' }, '--dst 10.244.1.9 is the server Pod on node B, whose Pod subnet is 10.244.2.0/24'],
    [{ crossNode: true, src: '10.244.2.5', dst: '10.244.2.7' }, '--src 10.244.2.5 is the client Pod on node A'],
    [{ cni: { id: 'calico', mode: 'bgp' }, src: '10.244.1.70' }, 'whose Pod subnet is 10.244.1.0/26'],
    [{ src: '10.244.1.5', dst: '10.244.1.5' }, '--src and --dst are the same address (10.244.1.5)'],
    [{ src: '10.244.1.6' }, '--src 10.244.1.6 is already the address of the server Pod in this walk'],
    [{ src: '10.244.1.0' }, "--src 10.244.1.0 is the network address of node A's Pod subnet 10.244.1.0/24"],
    [{ dst: '10.244.1.255' }, "--dst 10.244.1.255 is the broadcast address of node A's Pod subnet 10.244.1.0/24"],
    [{ scenario: 'pod-to-service', dst: '10.96.0.0' }, '--dst 10.96.0.0 is the network address of the Service CIDR 10.96.0.0/12'],
    [{ scenario: 'pod-to-service', dst: '10.111.255.255' }, '--dst 10.111.255.255 is the broadcast address of the Service CIDR'],
    [{ scenario: 'pod-to-external', dst: '127.0.0.1' }, '--dst 127.0.0.1 is a loopback address'],
    [{ scenario: 'pod-to-external', dst: '0.0.0.0' }, '--dst 0.0.0.0 is in 0.0.0.0/8 ("this network")'],
    [{ scenario: 'pod-to-external', dst: '224.0.0.1' }, '--dst 224.0.0.1 is a multicast address'],
    [{ scenario: 'pod-to-external', dst: '255.255.255.255' }, '--dst 255.255.255.255 is the limited broadcast address'],
    [{ scenario: 'pod-to-external', dst: '240.1.2.3' }, '--dst 240.1.2.3 is in the reserved 240.0.0.0/4'],
    [{ scenario: 'nodeport', src: '127.0.0.1' }, '--src 127.0.0.1 is a loopback address'],
  ] as const)('%j: %s', (options, reason) => {
    expect(() => walk(options as TraceOptions)).toThrow(UsageError);
    expect(() => walk(options as TraceOptions)).toThrow(reason);
  });

  it('still takes addresses that fit their role', () => {
    const w = walk({ crossNode: true, src: '10.244.1.9', dst: '10.244.2.9' });
    expect(w.roles.find((r) => r.role === 'client')?.endpoint.ip).toBe('10.244.1.9');
    expect(w.roles.find((r) => r.role === 'server')?.endpoint.ip).toBe('10.244.2.9');
    expect(walk({ scenario: 'pod-to-external', dst: '169.254.169.254' }).hops.length).toBeGreaterThan(0);
  });
});

describe('--cni, --mesh, --ingress take id or id:mode, nothing more', () => {
  it.each([
    ['--cni', 'flannel:vxlan:extra', 'pod-to-pod', 'flannel:vxlan'],
    ['--cni', 'flannel:', 'pod-to-pod', 'flannel:vxlan'],
    ['--mesh', 'istio:sidecar:x', 'mesh', 'istio:sidecar'],
    ['--ingress', 'ingress-nginx:a:b', 'ingress', 'ingress-nginx'],
  ])('%s %s is refused', async (flag, value, scenario, example) => {
    const result = await runInProcess(['trace', scenario, flag, value], { cwd: '/' });
    expect(result).toEqual({ code: 2, stdout: '', stderr: `error: ${flag} ${value}: expected an id or id:mode, such as ${example}\n` });
  });
});
