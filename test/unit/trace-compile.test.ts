import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { type CompiledWalk, compileWalk, formatEndpoint, type TraceOptions } from '../../src/trace/compile.ts';
import { iptablesChains, nftablesChains } from '../../src/trace/names.ts';
import { describeOptions, supportedCombinations, traceData } from './trace-helpers.ts';

const data = traceData();
const combos = supportedCombinations(data);
const walk = (o: TraceOptions): CompiledWalk => compileWalk(data, o);
const last = <T>(xs: readonly T[]): T => xs[xs.length - 1] as T;

describe('trace data', () => {
  it('validates and covers every scenario with many stacks', () => {
    expect(combos.length).toBeGreaterThan(400);
    expect(new Set(combos.map((c) => c.scenario)).size).toBe(8);
  });

  it('has a primary source URL on every hop, control step and note', () => {
    for (const o of combos.slice(0, 200)) {
      const w = walk(o);
      for (const h of w.hops) expect(h.source).toMatch(/^https:\/\//);
      for (const c of w.control) expect(c.source).toMatch(/^https:\/\//);
      for (const n of w.notes) expect(n.source).toMatch(/^https:\/\//);
    }
  });
});

describe.each(combos.map((o) => ({ name: describeOptions(o), o })))('$name', ({ o }) => {
  const w = walk(o);
  const client = w.roles.find((r) => r.role === 'client');
  const server = w.roles.find((r) => r.role === (o.scenario === 'ingress' ? 'backend' : 'server'));
  const request = w.hops.filter((h) => h.direction === 'request');
  const reply = w.hops.filter((h) => h.direction === 'reply');

  it('never makes kube-proxy a hop, and leaves no tunnel header at the end', () => {
    expect(w.hops.length).toBeGreaterThan(2);
    for (const h of w.hops) expect(h.component.en).not.toMatch(/^kube-proxy\b/);
    expect(last(request).after.outer).toBeNull();
    for (const h of w.hops) {
      for (const text of [h.what.en, h.what.zh, h.device]) expect(text).not.toMatch(/\{[a-z-]+\.[a-z-]+\}/);
    }
  });

  it('has kube-proxy in its control plane only when kube-proxy handles the walk', () => {
    const serviceProxy = (w.stack.pathProxy ?? w.stack.proxy).id;
    if (['iptables', 'ipvs', 'nftables'].includes(serviceProxy)) return;
    for (const c of w.control) expect(`${c.actor.en} → ${c.target.en}`).not.toMatch(/(^|→ )kube-proxy\b/);
  });

  it('delivers the request to the server and the reply to the client', () => {
    if (!client || !server) throw new Error('no client or server role');
    if (o.scenario === 'dns' && o.nodelocal) {
      expect(last(request).after.dst.ip).toBe(last(request).before.dst.ip);
    } else {
      expect(last(request).after.dst.ip).toBe(server.endpoint.ip);
    }
    if (reply.length > 0) expect(formatEndpoint(last(reply).after.dst)).toBe(formatEndpoint(client.endpoint));
  });

  if (o.scenario === 'pod-to-service' || (o.scenario === 'dns' && !o.nodelocal)) {
    it('keeps the client Pod source IP and undoes the DNAT on the reply (or never had one)', () => {
      const vip = w.roles.find((r) => r.role === 'vip');
      expect(last(request).after.src).toEqual(client?.endpoint);
      // Socket-LB connected the socket to the backend itself: there is no DNAT to undo.
      const expected = o.proxy === 'ebpf' ? server?.endpoint : vip?.endpoint;
      expect(formatEndpoint(last(reply).after.src)).toBe(expected ? formatEndpoint(expected) : '');
      const translated = w.hops.filter((h) => h.changes.includes('dst'));
      expect(translated).toHaveLength(1);
    });
  }

  if (o.scenario === 'nodeport' || o.scenario === 'loadbalancer') {
    it('SNATs with externalTrafficPolicy Cluster when kube-proxy forwards, keeps the client IP with Local', () => {
      const seen = last(request).after.src.ip;
      const local = w.roles.find((r) => r.role === 'server')?.node === 'node-a';
      // Cilium's eBPF and kube-router's IPVS proxy SNAT only when they forward to another node.
      const snatsOnlyRemote = o.proxy === 'ebpf' || o.proxy === 'kube-router-proxy';
      if (o.externalTrafficPolicy === 'local' || (snatsOnlyRemote && local) || (o.cni?.mode === 'ebpf' && o.proxy === 'ebpf')) {
        expect(seen).toBe(client?.endpoint.ip);
      } else {
        expect(seen).not.toBe(client?.endpoint.ip);
      }
    });
  }

  if (o.scenario === 'pod-to-external') {
    it('masquerades to the node IP and restores the Pod on the reply', () => {
      expect(last(request).after.src.ip).toBe('192.168.1.10');
    });
  }

  if (o.proxy === 'ebpf' && o.scenario === 'pod-to-service') {
    it('translates at connect(), so no packet on the wire carries the VIP', () => {
      const vip = w.roles.find((r) => r.role === 'vip');
      const onWire = w.hops.filter((h) => h.netns.kind === 'host');
      for (const h of onWire) expect(h.after.dst.ip).not.toBe(vip?.endpoint.ip);
      for (const h of w.hops) expect(h.component.en).not.toMatch(/iptables|netfilter/);
    });
  }
});

describe('impossible combinations explain themselves (exit 2)', () => {
  const cases: [string, TraceOptions, RegExp][] = [
    [
      'IPVS with Cilium kube-proxy replacement',
      { scenario: 'pod-to-service', proxy: 'ipvs', cni: { id: 'cilium', mode: 'kube-proxy-replacement' } },
      /cannot be combined with cilium:kube-proxy-replacement/,
    ],
    [
      'host-gw across L3 subnets',
      { scenario: 'pod-to-pod', cni: { id: 'flannel', mode: 'host-gw' }, crossSubnet: true },
      /same L2 network/,
    ],
    ['kindnet across L3 subnets', { scenario: 'pod-to-pod', cni: { id: 'kindnet' }, crossSubnet: true }, /one L2 network/],
    [
      'Kube-OVN Services (OVN load balancer, not traced)',
      { scenario: 'pod-to-service', cni: { id: 'kube-ovn' } },
      /Kube-OVN \(Geneve overlay\), pod-to-service: Kube-OVN implements Services in OVN's embedded distributed load balancer.*\(https:\/\/github\.com\/kubeovn\/kube-ovn\/blob\/master\/README\.md\)$/,
    ],
    ['Kube-OVN NodePort', { scenario: 'nodeport', cni: { id: 'kube-ovn' } }, /not traced here yet/],
    ['Kube-OVN DNS', { scenario: 'dns', cni: { id: 'kube-ovn' }, nodelocal: true }, /not traced here yet/],
    [
      'Antrea with kube-proxy nftables (unsourced)',
      { scenario: 'pod-to-service', proxy: 'nftables', cni: { id: 'antrea' } },
      /Antrea \(Geneve encapsulation\) works with --proxy antrea-proxy, iptables, ipvs, none/,
    ],
    [
      'Antrea with --proxy ebpf',
      { scenario: 'pod-to-service', proxy: 'ebpf', cni: { id: 'antrea' } },
      /needs a CNI whose own eBPF datapath/,
    ],
    [
      'AntreaProxy without Antrea',
      { scenario: 'pod-to-service', proxy: 'antrea-proxy', cni: { id: 'flannel' } },
      /^--proxy antrea-proxy is Antrea's own Service proxy.*; Flannel \(VXLAN\) has none \(https:\/\/github\.com\/antrea-io\/antrea\/blob\/main\/docs\/design\/architecture\.md#clusterip-service\)$/,
    ],
    [
      'AntreaProxy with Cilium',
      { scenario: 'pod-to-pod', proxy: 'antrea-proxy', cni: { id: 'cilium' } },
      /--proxy antrea-proxy is Antrea's own Service proxy.*Cilium \(VXLAN tunnel\) has none/,
    ],
    [
      "kube-router's proxy without kube-router",
      { scenario: 'pod-to-service', proxy: 'kube-router-proxy', cni: { id: 'flannel' } },
      /^--proxy kube-router-proxy is kube-router's own IPVS Service proxy.*; Flannel \(VXLAN\) has none \(https:\/\/github\.com\/cloudnativelabs\/kube-router\/blob\/master\/docs\/user-guide\.md#trying-kube-router-as-alternative-to-kube-proxy\)$/,
    ],
    [
      "kube-router's proxy with Calico",
      { scenario: 'pod-to-pod', proxy: 'kube-router-proxy', cni: { id: 'calico' } },
      /--proxy kube-router-proxy is kube-router's own IPVS Service proxy.*Calico .* has none/,
    ],
    [
      "NodeLocal DNSCache behind kube-router's proxy",
      { scenario: 'dns', nodelocal: true, cni: { id: 'kube-router' } },
      /^NodeLocal DNSCache behind kube-router's Service proxy is not traced here.*--proxy iptables shows the walk with kube-proxy \(https:\/\/github\.com\/cloudnativelabs\/kube-router\//,
    ],
    [
      'NodeLocal DNSCache behind AntreaProxy',
      { scenario: 'dns', nodelocal: true, cni: { id: 'antrea' } },
      /NodeLocal DNSCache is bypassed, unless kube-system\/kube-dns is listed in antreaProxy\.skipServices.*\(https:\/\/github\.com\/antrea-io\/antrea\/blob\/main\/docs\/antrea-proxy\.md#when-you-are-using-nodelocal-dnscache\)$/,
    ],
    ['an untraced Antrea tunnel type', { scenario: 'pod-to-pod', cni: { id: 'antrea', mode: 'vxlan' } }, /antrea:geneve, antrea:noencap/],
    [
      'nftables before 1.29',
      { scenario: 'pod-to-service', proxy: 'nftables', k8sVersion: '1.28' },
      /no nftables mode before Kubernetes v1\.29/,
    ],
    ['eBPF proxy with Flannel', { scenario: 'pod-to-service', proxy: 'ebpf' }, /needs a CNI whose own eBPF datapath/],
    [
      'Calico eBPF with kube-proxy iptables',
      { scenario: 'pod-to-service', proxy: 'iptables', cni: { id: 'calico', mode: 'ebpf' } },
      /replaces kube-proxy/,
    ],
    [
      'Local policy across nodes',
      { scenario: 'nodeport', externalTrafficPolicy: 'local', crossNode: true },
      /externalTrafficPolicy: Local/,
    ],
    [
      'NodeLocal DNSCache with socket-LB',
      { scenario: 'dns', nodelocal: true, proxy: 'ebpf', cni: { id: 'cilium' } },
      /Local Redirect Policy/,
    ],
    ['a Service without any proxy', { scenario: 'pod-to-service', proxy: 'none' }, /--proxy none/],
    ['an unknown mode', { scenario: 'pod-to-pod', cni: { id: 'flannel', mode: 'geneve' } }, /flannel:vxlan, flannel:host-gw/],
    ['an untraced CNI', { scenario: 'pod-to-pod', cni: { id: 'weave-net' } }, /no packet-walk data for the CNI "weave-net"/],
    ['--src outside the Pod CIDR', { scenario: 'pod-to-pod', src: '192.168.9.9' }, /not in the Pod CIDR/],
    ['--dst outside the Service CIDR', { scenario: 'pod-to-service', dst: '10.244.1.9' }, /not in the Service CIDR/],
    ['a version out of range', { scenario: 'pod-to-pod', k8sVersion: '1.12' }, /outside the versions traced/],
    ['--nodelocal elsewhere', { scenario: 'pod-to-pod', nodelocal: true }, /dns scenario only/],
  ];
  it.each(cases)('%s', (_, options, message) => {
    expect(() => walk(options)).toThrow(UsageError);
    expect(() => walk(options)).toThrow(message);
  });
});

describe('Antrea, Kube-OVN and kube-router', () => {
  const crossNode = (cni: { id: string; mode?: string }, scenario: TraceOptions['scenario'] = 'pod-to-pod'): CompiledWalk =>
    walk({ scenario, cni, crossNode: true });
  const encaps = (w: CompiledWalk): string[] => w.hops.flatMap((h) => (h.after.outer ? [h.after.outer.proto] : []));
  it('resolves the default modes and the catalogue mode aliases', () => {
    expect(walk({ scenario: 'pod-to-pod', cni: { id: 'antrea' } }).stack.cni.mode).toBe('geneve');
    expect(walk({ scenario: 'pod-to-pod', cni: { id: 'antrea', mode: 'encap-geneve' } }).stack.cni.mode).toBe('geneve');
    expect(walk({ scenario: 'pod-to-pod', cni: { id: 'kube-ovn', mode: 'overlay' } }).stack.cni.mode).toBe('geneve');
    expect(walk({ scenario: 'pod-to-pod', cni: { id: 'kube-router', mode: 'router' } }).stack.cni.mode).toBe('bgp');
  });
  it('Antrea (Geneve) tunnels through antrea-tun0 on UDP 6081 and decapsulates on the other node', () => {
    const w = crossNode({ id: 'antrea' });
    const encap = w.hops.find((h) => h.changes.includes('encap'));
    expect(encap?.device).toBe('antrea-tun0');
    expect(encap?.after.outer).toEqual({ src: '192.168.1.10', dst: '192.168.1.11', proto: 'UDP 6081 (Geneve)' });
    expect(w.hops.find((h) => h.changes.includes('decap'))?.place).toBe('node-b');
    expect(w.hops.map((h) => h.device)).toContain('br-int');
  });
  it('Antrea noEncap and kube-router route without any outer header', () => {
    expect(encaps(crossNode({ id: 'antrea', mode: 'noencap' }))).toEqual([]);
    expect(encaps(crossNode({ id: 'kube-router' }))).toEqual([]);
    expect(crossNode({ id: 'kube-router' }).hops.map((h) => h.device)).toContain('kube-bridge');
  });
  it('Kube-OVN carries cross-node Pod traffic in Geneve between the nodes', () => {
    expect(encaps(crossNode({ id: 'kube-ovn' }))).toContain('UDP 6081 (Geneve)');
  });
  it('with --proxy iptables sends Service traffic through antrea-gw0 to kube-proxy and says AntreaProxy is disabled', () => {
    const w = walk({ scenario: 'pod-to-service', proxy: 'iptables', cni: { id: 'antrea' }, crossNode: true });
    expect(w.hops.find((h) => h.changes.includes('dst'))?.device).toBe('antrea-gw0');
    expect(w.notes.map((n) => n.text.en).join('\n')).toMatch(/Antrea with AntreaProxy disabled/);
    expect(w.notes.map((n) => n.text.en).join('\n')).not.toMatch(/kube-proxy and its rules are not on this path/);
  });
  it('masquerades Pod egress through ovn0 on Kube-OVN', () => {
    const w = walk({ scenario: 'pod-to-external', cni: { id: 'kube-ovn' } });
    expect(w.hops.map((h) => h.device)).toContain('ovn0');
  });
});

describe("AntreaProxy, Antrea's default Service proxy", () => {
  const notesOf = (w: CompiledWalk): string => w.notes.map((n) => n.text.en).join('\n');
  const antreaModes = data.cnis.filter((c) => c.id === 'antrea').map((c) => c.mode);
  it('is the default proxy of every Antrea mode', () => {
    expect(antreaModes).toEqual(['geneve', 'noencap']);
    for (const mode of antreaModes) {
      expect(walk({ scenario: 'pod-to-service', cni: { id: 'antrea', mode } }).stack.proxy.id).toBe('antrea-proxy');
      expect(data.cnis.find((c) => c.id === 'antrea' && c.mode === mode)?.proxies[0]).toBe('antrea-proxy');
    }
  });
  describe.each(
    antreaModes.flatMap((mode) =>
      (['pod-to-service', 'dns'] as const).flatMap((scenario) => [false, true].map((crossNode) => ({ mode, scenario, crossNode }))),
    ),
  )('$scenario on antrea:$mode, cross-node $crossNode', ({ mode, scenario, crossNode }) => {
    const w = walk({ scenario, cni: { id: 'antrea', mode }, crossNode });
    it('load-balances in OVS: kube-proxy is never a hop, nor in the control plane', () => {
      expect(w.stack.pathProxy).toBeNull();
      for (const h of w.hops) expect(`${h.component.en} ${h.device}`).not.toMatch(/kube-proxy|iptables|netfilter|IPVS|nftables/);
      for (const c of w.control) expect(c.actor.en).not.toMatch(/kube-proxy/);
      expect(notesOf(w)).toMatch(/kube-proxy and its rules are not on this path/);
      expect(notesOf(w)).not.toMatch(/AntreaProxy disabled/);
    });
    it('DNATs in EndpointDNAT on the client node and un-DNATs in ConntrackZone there', () => {
      const dnat = w.hops.filter((h) => h.changes.includes('dst'));
      expect(dnat).toHaveLength(1);
      expect(dnat[0]).toMatchObject({ direction: 'request', place: 'node-a', device: 'br-int' });
      expect(dnat[0]?.component.en).toMatch(/EndpointDNAT/);
      const undo = w.hops.filter((h) => h.direction === 'reply' && h.changes.includes('src'));
      expect(undo).toHaveLength(1);
      expect(undo[0]).toMatchObject({ place: 'node-a', device: 'br-int' });
      expect(undo[0]?.component.en).toMatch(/ConntrackZone/);
      expect(undo[0]?.after.src).toEqual(w.roles.find((r) => r.role === 'vip')?.endpoint);
      for (const h of [...dnat, ...undo])
        expect(h.source).toMatch(/^https:\/\/github\.com\/antrea-io\/antrea\/blob\/main\/docs\/design\/ovs-pipeline\.md#/);
    });
  });
  it.each(['nodeport', 'loadbalancer'] as const)('leaves %s from outside to kube-proxy (iptables), and says so', (scenario) => {
    const w = walk({ scenario, cni: { id: 'antrea' } });
    expect(w.stack.proxy.id).toBe('antrea-proxy');
    expect(w.stack.pathProxy?.id).toBe('iptables');
    expect(w.hops.some((h) => h.component.en.startsWith('netfilter (iptables'))).toBe(true);
    expect(notesOf(w)).toMatch(/By default AntreaProxy handles only Service traffic that comes from Pods/);
    expect(notesOf(w)).not.toMatch(/AntreaProxy disabled|not on this path/);
  });
  it('with --proxy iptables or ipvs is the AntreaProxy-disabled configuration', () => {
    for (const proxy of ['iptables', 'ipvs'] as const) {
      const w = walk({ scenario: 'nodeport', proxy, cni: { id: 'antrea' } });
      expect(w.stack.pathProxy).toBeNull();
      expect(notesOf(w)).toMatch(/Antrea with AntreaProxy disabled/);
    }
  });
  it('puts proxy notes only on walks a Service proxy is part of', () => {
    expect(notesOf(walk({ scenario: 'pod-to-pod', proxy: 'iptables', cni: { id: 'antrea' } }))).not.toMatch(/AntreaProxy/);
    expect(notesOf(walk({ scenario: 'pod-to-pod', cni: { id: 'antrea' } }))).not.toMatch(/AntreaProxy/);
  });
});

describe("kube-router's own IPVS Service proxy, kube-router's default", () => {
  const notesOf = (w: CompiledWalk): string => w.notes.map((n) => n.text.en).join('\n');
  it('is the default proxy of kube-router', () => {
    expect(data.cnis.find((c) => c.id === 'kube-router')?.proxies[0]).toBe('kube-router-proxy');
    expect(walk({ scenario: 'pod-to-service', cni: { id: 'kube-router' } }).stack.proxy.id).toBe('kube-router-proxy');
  });
  describe.each([false, true].map((crossNode) => ({ crossNode })))('pod-to-service, cross-node $crossNode', ({ crossNode }) => {
    const w = walk({ scenario: 'pod-to-service', proxy: 'kube-router-proxy', cni: { id: 'kube-router' }, crossNode });
    it('has kube-router, not kube-proxy, as the control plane', () => {
      expect(w.stack.pathProxy).toBeNull();
      for (const c of w.control) expect(`${c.actor.en} ${c.target.en}`).not.toMatch(/kube-proxy/);
      expect(w.control.filter((c) => c.actor.en === 'kube-router (service proxy)').map((c) => c.target.en)).toEqual([
        'API server',
        'kube-dummy-if + IPVS',
        'netfilter + ipset',
        'netfilter (nat POSTROUTING)',
      ]);
      for (const h of w.hops)
        expect(`${h.component.en} ${h.device} ${h.what.en}`).not.toMatch(/kube-proxy|kube-ipvs0|KUBE-SERVICES|KUBE-CLUSTER-IP/);
      expect(notesOf(w)).toMatch(/kube-proxy and its rules are not on this path/);
      expect(notesOf(w)).not.toMatch(/Service proxy off/);
    });
    it("DNATs in the kernel's IPVS on kube-dummy-if on the client node and un-DNATs there", () => {
      const dnat = w.hops.filter((h) => h.changes.includes('dst'));
      expect(dnat).toHaveLength(1);
      expect(dnat[0]).toMatchObject({
        direction: 'request',
        place: 'node-a',
        device: 'kube-dummy-if',
        component: { en: 'IPVS', zh: 'IPVS' },
      });
      const undo = w.hops.filter((h) => h.direction === 'reply' && h.changes.includes('src'));
      expect(undo).toHaveLength(1);
      expect(undo[0]).toMatchObject({ place: 'node-a', component: { en: 'IPVS', zh: 'IPVS' } });
      expect(undo[0]?.after.src).toEqual(w.roles.find((r) => r.role === 'vip')?.endpoint);
    });
  });
  it("reuses kube-proxy IPVS mode's kernel hops word for word", () => {
    const ipvsOf = (proxy: TraceOptions['proxy']): CompiledWalk['hops'] =>
      walk({ scenario: 'pod-to-service', proxy, cni: { id: 'kube-router' }, crossNode: true }).hops.filter(
        (h) => h.component.en === 'IPVS',
      );
    expect(ipvsOf('kube-router-proxy').map((h) => h.what)).toEqual(ipvsOf('ipvs').map((h) => h.what));
  });
  it('SNATs traffic from outside only when it proxies it to another node', () => {
    const snat = (crossNode: boolean): CompiledWalk['hops'] =>
      walk({ scenario: 'nodeport', cni: { id: 'kube-router' }, crossNode }).hops.filter(
        (h) => h.direction === 'request' && h.changes.includes('src'),
      );
    expect(snat(false)).toEqual([]);
    expect(snat(true)).toHaveLength(1);
    expect(snat(true)[0]?.what.en).toMatch(/--vmethod MASQ/);
  });
  it("says kube-proxy's 'Cluster always SNATs' only where kube-proxy handles the traffic", () => {
    const always = /SNATs the packet to the node, so the Pod sees a node address/;
    const nodeport = (proxy: TraceOptions['proxy']): string =>
      notesOf(walk({ scenario: 'nodeport', proxy, cni: { id: 'kube-router' }, externalTrafficPolicy: 'cluster' }));
    expect(nodeport('iptables')).toMatch(always);
    expect(nodeport('kube-router-proxy')).not.toMatch(always);
    expect(nodeport('kube-router-proxy')).toMatch(/kube-router SNATs traffic from outside only when/);
  });
  it('with --proxy iptables, ipvs or nftables is kube-router with its Service proxy off', () => {
    for (const proxy of ['iptables', 'ipvs', 'nftables'] as const) {
      const w = walk({ scenario: 'pod-to-service', proxy, cni: { id: 'kube-router' } });
      expect(notesOf(w)).toMatch(/kube-router with its Service proxy off \(--run-service-proxy=false/);
      expect(w.control.some((c) => c.actor.en === 'kube-proxy')).toBe(true);
    }
  });
  it('every kube-router-proxy fact is sourced from the kube-router project or reused from kube-proxy IPVS mode', () => {
    const proxy = data.proxies.find((p) => p.id === 'kube-router-proxy');
    const sources = [
      proxy?.requiresCni?.source,
      ...(proxy?.control ?? []).map((c) => c.source),
      ...(proxy?.notes ?? []).map((n) => n.source),
      ...Object.values(proxy?.segments ?? {})
        .flat()
        .filter((h) => h.component !== 'IPVS' && h.component !== 'IPVS + conntrack')
        .map((h) => h.source),
    ];
    for (const s of sources) expect(s).toMatch(/^https:\/\/github\.com\/cloudnativelabs\/kube-router\/blob\/master\//);
  });
});

describe('version facts come from the data', () => {
  const notes = (o: TraceOptions): string[] => walk(o).notes.map((n) => `${n.effect ?? ''} ${n.text.en}`);
  it('IPVS is deprecated from 1.35 only', () => {
    expect(notes({ scenario: 'pod-to-service', proxy: 'ipvs', k8sVersion: '1.35' }).join('\n')).toMatch(/warning IPVS mode is deprecated/);
    expect(notes({ scenario: 'pod-to-service', proxy: 'ipvs', k8sVersion: '1.34' }).join('\n')).not.toMatch(/deprecated since v1\.35/);
  });
  it('nftables is alpha in 1.29–1.30, beta in 1.31–1.32, GA from 1.33', () => {
    expect(notes({ scenario: 'pod-to-service', proxy: 'nftables', k8sVersion: '1.29' }).join('\n')).toMatch(/alpha/);
    expect(notes({ scenario: 'pod-to-service', proxy: 'nftables', k8sVersion: '1.32' }).join('\n')).toMatch(/beta/);
    expect(notes({ scenario: 'pod-to-service', proxy: 'nftables', k8sVersion: '1.33' }).join('\n')).toMatch(/GA since v1\.33/);
  });
  it('mentions the Endpoints deprecation from 1.33', () => {
    expect(notes({ scenario: 'pod-to-pod', k8sVersion: '1.33' }).join('\n')).toMatch(/Endpoints API is deprecated/);
    expect(notes({ scenario: 'pod-to-pod', k8sVersion: '1.32' }).join('\n')).not.toMatch(/Endpoints API is deprecated/);
  });
});

describe('addresses', () => {
  it('follow --pod-cidr, --service-cidr, --src and --dst', () => {
    const w = walk({
      scenario: 'pod-to-service',
      podCidr: '172.20.0.0/16',
      serviceCidr: '10.100.0.0/16',
      src: '172.20.1.77',
      crossNode: true,
    });
    expect(formatEndpoint(w.hops[0]?.before.src ?? { ip: '', port: null })).toBe('172.20.1.77:43512');
    expect(w.hops[0]?.before.dst.ip).toBe('10.100.0.100');
    expect(w.roles.find((r) => r.role === 'server')?.endpoint.ip).toBe('172.20.2.7');
  });
  it('moves the node with --dst when the client targets a NodePort', () => {
    const w = walk({ scenario: 'nodeport', dst: '10.0.0.5', crossNode: true });
    expect(w.roles.find((r) => r.role === 'entry-node')?.endpoint.ip).toBe('10.0.0.5');
    expect(w.hops.map((h) => h.what.en).join('\n')).not.toContain('192.168.1.10');
  });
  it('rejects a CIDR too small for the example cluster', () => {
    expect(() => walk({ scenario: 'pod-to-pod', podCidr: '10.244.0.0/24' })).toThrow(/too small/);
  });
});

describe('kube-proxy chain names', () => {
  it('match the names kube-proxy computes (known values from real clusters)', () => {
    expect(iptablesChains({ namespace: 'kube-system', name: 'kube-dns', portName: 'dns', protocol: 'udp' }, '10.0.0.1:53').svc).toBe(
      'KUBE-SVC-TCOU7JCQXEZGVUNU',
    );
    expect(iptablesChains({ namespace: 'default', name: 'kubernetes', portName: 'https', protocol: 'tcp' }, '10.0.0.1:6443').svc).toBe(
      'KUBE-SVC-NPX46M4PTMTKRN6Y',
    );
    expect(iptablesChains({ namespace: 'kube-system', name: 'kube-dns', portName: 'dns-tcp', protocol: 'tcp' }, '10.0.0.1:53').svc).toBe(
      'KUBE-SVC-ERIFXISQEP7F7OF4',
    );
    const nft = nftablesChains({ namespace: 'kube-system', name: 'kube-dns', portName: 'dns', protocol: 'udp' }, '10.244.2.3:53');
    expect(nft.svc).toBe('service-TCOU7JCQ-kube-system/kube-dns/udp/dns');
    expect(nft.ep).toMatch(/^endpoint-[A-Z2-7]{8}-kube-system\/kube-dns\/udp\/dns__10\.244\.2\.3\/53$/);
  });
});
