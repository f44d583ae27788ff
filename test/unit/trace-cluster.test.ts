// @vitest-environment node
/**
 * trace --cluster: walks through real inputs (our fixtures and the shared corpus), what they read
 * from the objects and what they assume, the endpoint they follow, and the policy verdicts at the
 * enforcing hops (hand-built ConnectionVerdicts until the policy engine is wired in).
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { traceTranslator } from '../../src/i18n/trace-messages.ts';
import type { ConnectionVerdict } from '../../src/policy/types.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import type { ClusterBinding, ClusterTraceRequest } from '../../src/trace/cluster/bind.ts';
import { evaluateAuthorization } from '../../src/trace/cluster/mesh.ts';
import type { PolicyQuery } from '../../src/trace/policy-hops.ts';
import { buildTraceView, type TraceView, traceDocument, traceSequence } from '../../src/views/trace.ts';
import { corpusPresent, traceClusterSources } from '../helpers/emitted-mermaid.ts';
import { parseMermaid } from '../helpers/mermaid.ts';
import { CLUSTER_WALKS, clusterWalk, usesCorpus } from './trace-cluster-helpers.ts';

const FLANNEL = ['kubeadm-flannel.yaml'];
/** Calico's objects are in the corpus; without it the walks name the CNI with --cni. */
const CALICO = ['shop-calico.yaml', 'kube-proxy-ipvs.yaml'];
const CALICO_CNI = { id: 'calico', mode: 'ipip' };
const TO_CHECKOUT: ClusterTraceRequest = { scenario: 'pod-to-service', from: 'shop/frontend', to: 'svc/shop/checkout', cni: CALICO_CNI };

async function view(
  inputs: string[],
  request: ClusterTraceRequest,
  options: Parameters<typeof clusterWalk>[2] = {},
  lang: 'en' | 'zh' = 'en',
) {
  const w = await clusterWalk(inputs, request, options);
  const t = traceTranslator(lang);
  const v = buildTraceView(w.walk, lang, t, w.view);
  return { ...w, v, markdown: renderDocumentAsMarkdown(traceDocument(v, t)), mermaid: traceSequence(v, t).toString() };
}

const setting = (v: TraceView, key: string) => v.cluster?.settings.find((s) => s.key === key);

/** A hand-built verdict, as the policy engine (src/policy/) will give it. */
function withVerdict(verdict: ConnectionVerdict, asked: PolicyQuery[] = []): (b: ClusterBinding) => ClusterBinding {
  return (b) => {
    const policy = b.options.policy;
    if (!policy) throw new Error('no policy context');
    return {
      ...b,
      options: {
        ...b.options,
        policy: {
          ...policy,
          decide: (q) => {
            asked.push(q);
            return verdict;
          },
        },
      },
    };
  };
}

const allowIngress: ConnectionVerdict = {
  source: 'shop/frontend[Deployment]',
  destination: 'shop/checkout[Deployment]',
  allowed: true,
  connections: 'TCP 5050',
  egress: { direction: 'egress', allowed: true, decisions: [{ layer: 'default', action: 'allow', connections: 'All Connections' }] },
  ingress: {
    direction: 'ingress',
    allowed: true,
    decisions: [
      {
        layer: 'network-policy',
        action: 'allow',
        policy: { kind: 'NetworkPolicy', namespace: 'shop', name: 'checkout-from-frontend' },
        rule: { index: 0 },
        connections: 'TCP 5050',
      },
    ],
  },
};
const denyIngress: ConnectionVerdict = {
  source: 'shop/frontend[Deployment]',
  destination: 'shop/checkout[Deployment]',
  allowed: false,
  connections: '',
  egress: allowIngress.egress,
  ingress: {
    direction: 'ingress',
    allowed: false,
    decisions: [
      {
        layer: 'network-policy',
        action: 'none',
        policy: { kind: 'NetworkPolicy', namespace: 'shop', name: 'default-deny-ingress' },
        connections: 'All Connections',
      },
    ],
  },
};
const denyEgress: ConnectionVerdict = {
  ...denyIngress,
  egress: {
    direction: 'egress',
    allowed: false,
    decisions: [
      {
        layer: 'admin',
        action: 'deny',
        policy: { kind: 'AdminNetworkPolicy', name: 'lockdown', priority: 10 },
        rule: { index: 1, name: 'no-checkout' },
        connections: 'TCP 5050',
      },
    ],
  },
};

describe('the stack, read from the objects with the evidence', () => {
  it.each([
    ['pod-to-service-iptables-flannel', 'Flannel (VXLAN)', 'kube-proxy (iptables)', 'default'],
    ['pod-to-service-ipvs-calico-ipip', 'Calico (IP-in-IP)', 'kube-proxy (IPVS)', 'cluster'],
    ['pod-to-service-nftables-calico-vxlan', 'Calico (VXLAN)', 'kube-proxy (nftables)', 'cluster'],
    ['pod-to-service-cilium-kube-proxy-replacement', 'Cilium (VXLAN tunnel)', 'eBPF kube-proxy replacement', 'cluster'],
    ['pod-to-service-iptables-cilium', 'Cilium (VXLAN tunnel)', 'kube-proxy (iptables)', 'cluster'],
    ['pod-to-service-iptables-aws-vpc-cni', 'Amazon VPC CNI (secondary IPs)', 'kube-proxy (iptables)', 'cluster'],
    ['pod-to-service-iptables-kindnet', 'kindnet (routes via node IPs)', 'kube-proxy (iptables)', 'cluster'],
  ])('%s', async (name, cni, proxy, proxyOrigin) => {
    const c = CLUSTER_WALKS.find((x) => x.name === name);
    if (!c) throw new Error(name);
    if (usesCorpus(c) && !corpusPresent) return void console.warn(`skipped ${name}: ../shared/corpus is absent`);
    const { v } = await view(c.inputs, c.request);
    expect(setting(v, 'cni')).toMatchObject({ value: cni, origin: 'cluster' });
    expect(setting(v, 'cni')?.evidence.length).toBeGreaterThan(0);
    expect(setting(v, 'proxy')).toMatchObject({ value: proxy, origin: proxyOrigin });
    expect(v.stack.cni.name).toBe(cni);
  });

  it('marks every setting that is not read from the input, in the output', async () => {
    for (const c of CLUSTER_WALKS.filter((x) => corpusPresent || !usesCorpus(x))) {
      const { v, markdown } = await view(c.inputs, c.request);
      for (const s of v.cluster?.settings ?? []) {
        if (s.origin !== 'assumed' && s.origin !== 'default') continue;
        const row = markdown.split('\n').find((line) => line.startsWith(`| ${s.label} | ${s.value.replace(/\|/g, '\\|')} |`));
        expect(row, `${c.name}: ${s.label}`).toContain(`**${s.originLabel}**`);
        expect(s.why ?? s.evidence.join(''), `${c.name}: ${s.label} says why`).not.toBe('');
      }
    }
  });

  it('assumes the documented default for a part the input leaves out, and says so', async () => {
    // Calico's own manifest is not here: only --cni names it; its pool CIDR is then the documented default.
    const { v } = await view(CALICO, TO_CHECKOUT);
    expect(setting(v, 'cni')).toMatchObject({ origin: 'option' });
    expect(setting(v, 'podCidr')).toMatchObject({ value: '192.168.0.0/16', origin: 'assumed' });
    expect(setting(v, 'serviceCidr')).toMatchObject({ value: '10.96.0.0/12', origin: 'assumed' });
    expect(setting(v, 'serviceCidr')?.why).toContain("kubeadm's default");
  });

  it.skipIf(!corpusPresent)('reads Calico CrossSubnet as encapsulated between these nodes, marked assumed', async () => {
    const c = CLUSTER_WALKS.find((x) => x.name === 'pod-to-service-nftables-calico-vxlan');
    const { v } = await view(c?.inputs ?? [], c?.request ?? TO_CHECKOUT);
    expect(setting(v, 'encapsulation')).toMatchObject({ value: 'encapsulated', origin: 'assumed' });
    expect(v.hops.map((h) => h.device)).toContain('vxlan.calico');
  });

  it('warns when an option contradicts the evidence', async () => {
    const { v } = await view(FLANNEL, { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/shop/cart', proxy: 'ipvs' });
    expect(setting(v, 'proxy')).toMatchObject({ value: 'kube-proxy (IPVS)', origin: 'option' });
    const warning = v.notes.find((n) => n.level === 'warning');
    expect(warning?.text).toMatch(
      /^--proxy ipvs overrides the cluster, where the input shows kube-proxy \(iptables\) \(DaemonSet kube-system\/kube-proxy/,
    );
    expect(v.hops.map((h) => h.device)).toContain('kube-ipvs0');
  });
});

describe('the cluster’s own objects in the walk', () => {
  it('uses the Pods, Nodes and Service of the input, and the chains kube-proxy computes for them', async () => {
    const { v, walk } = await view(FLANNEL, { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/shop/cart' });
    expect(v.addresses.map((a) => `${a.role} ${a.address}${a.example ? ` ${a.example}` : ''}`)).toEqual([
      'client 10.244.1.12:43512 port',
      'vip 10.96.141.27:80',
      'server 10.244.2.21:8080',
    ]);
    expect(walk.stack.crossNode).toBe(true);
    expect(v.hops[0]?.node).toBe('worker-1');
    expect(v.hops.find((h) => h.device === 'cni0' && h.direction === 'request' && h.node === 'worker-2')).toBeDefined();
    // Named targetPort "http" resolved to the container port 8080 through the EndpointSlice.
    expect(v.cluster?.endpoints?.rows.map((r) => r.address)).toEqual(['10.244.2.21:8080', '10.244.1.19:8080']);
    const dnat = v.hops.find((h) => h.changes.includes('dst'));
    expect(dnat?.mechanism).toContain('KUBE-SVC-I5LIAMPLWKMBJ54B');
    expect(dnat?.mechanism).toContain('KUBE-SEP-N63B4EKQAEO6PLGO');
    // The remote node's route and VTEP: its podCIDR and InternalIP.
    expect(v.hops.map((h) => h.mechanism).join('\n')).toContain(
      'Route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink, programmed by flanneld for worker-2',
    );
  });

  it('computes the chains of kube-dns as real clusters show them (KUBE-SVC-ERIFXISQEP7F7OF4 for dns-tcp)', async () => {
    const { v } = await view(FLANNEL, { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/kube-system/kube-dns:dns-tcp' });
    expect(v.hops.find((h) => h.changes.includes('dst'))?.mechanism).toContain('KUBE-SVC-ERIFXISQEP7F7OF4');
  });

  it("names Calico's interfaces as Calico does (cali + sha1 of namespace.pod)", async () => {
    const { v } = await view(CALICO, TO_CHECKOUT);
    expect(v.hops.map((h) => h.device)).toContain('calib37da1c0efc');
  });

  it('falls back to example addresses inside the real CIDRs, marked', async () => {
    const { v, markdown } = await view([...FLANNEL, 'manifests-only.yaml'], {
      scenario: 'pod-to-service',
      from: 'shop/web',
      to: 'svc/shop/api',
    });
    const server = v.addresses.find((a) => a.role === 'server');
    expect(server).toMatchObject({ example: 'address', address: '10.244.1.7:9090' });
    expect(v.addresses.find((a) => a.role === 'vip')).toMatchObject({ example: 'address' });
    expect(markdown).toContain('10.244.1.7:9090 (example)');
    expect(v.notes.map((n) => n.text)).toContain(
      'Addresses marked "example" are not in the input; they are placed inside the cluster\'s CIDRs so the walk can be followed.',
    );
  });

  it.skipIf(!corpusPresent)('walks a real manifest without Pods (the corpus guestbook on Flannel) with examples', async () => {
    const { v } = await view(['corpus:apps/guestbook-all-in-one.yaml', 'corpus:cni/flannel-kube-flannel.yml'], {
      scenario: 'pod-to-service',
      from: 'frontend',
      to: 'svc/redis-master',
    });
    expect(v.addresses.every((a) => a.example !== undefined)).toBe(true);
    expect(setting(v, 'podCidr')).toMatchObject({ value: '10.244.0.0/16', origin: 'cluster' });
  });

  it('follows --endpoint, and refuses one the data plane would not pick', async () => {
    const { v, walk } = await view(FLANNEL, { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/shop/cart', endpoint: '10.244.1.19' });
    expect(walk.stack.crossNode).toBe(false);
    expect(v.cluster?.endpoints?.explanation.at(-1)).toBe('The walk follows 10.244.1.19:8080, chosen with --endpoint.');
    await expect(view(CALICO, { ...TO_CHECKOUT, endpoint: '192.168.12.74' })).rejects.toThrow(
      '--endpoint 192.168.12.74: the data plane would not pick it for this walk: ready endpoints exist, and terminating ones are used only when none is ready',
    );
    await expect(view(CALICO, { ...TO_CHECKOUT, endpoint: '10.9.9.9' })).rejects.toThrow(/is not an endpoint of Service shop\/checkout/);
  });

  it('applies internalTrafficPolicy: Local and topology hints as kube-proxy does', async () => {
    const local = `apiVersion: v1
kind: Service
metadata: { name: cart-local, namespace: shop }
spec:
  clusterIP: 10.96.141.28
  selector: { app: cart }
  internalTrafficPolicy: Local
  ports: [{ name: http, port: 80, targetPort: http }]
`;
    const { v } = await view(FLANNEL, { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/shop/cart-local' }, { extra: local });
    expect(v.cluster?.endpoints?.rows.filter((r) => r.usable).map((r) => r.node)).toEqual(['worker-1']);
    expect(v.cluster?.endpoints?.explanation).toContain('internalTrafficPolicy: Local: only endpoints on worker-1 are used.');
    expect(v.hops.find((h) => h.changes.includes('dst'))?.mechanism).toContain('KUBE-SVL-');
    const hinted = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: checkout-hints, namespace: shop, labels: { kubernetes.io/service-name: checkout } }
addressType: IPv4
ports: [{ name: grpc, port: 5050, protocol: TCP }]
endpoints:
  - { addresses: [192.168.12.80], conditions: { ready: true }, nodeName: node-1, hints: { forZones: [{ name: zone-a }] } }
`;
    const withHints = await view(['shop-calico.yaml', 'kube-proxy-ipvs.yaml'], TO_CHECKOUT, { extra: hinted });
    // Not every ready endpoint has a hint (the first slice has none): kube-proxy ignores the hints.
    expect(withHints.v.cluster?.endpoints?.explanation.some((e) => e.startsWith('Topology hints'))).toBe(false);
  });

  it('walks a LoadBalancer Service from its status, with its traffic policy and health-check port', async () => {
    const lb = `apiVersion: v1
kind: Service
metadata: { name: cart-public, namespace: shop }
spec:
  type: LoadBalancer
  clusterIP: 10.96.141.30
  selector: { app: cart }
  externalTrafficPolicy: Local
  healthCheckNodePort: 32109
  ports: [{ name: http, port: 80, targetPort: http, nodePort: 31080 }]
status:
  loadBalancer: { ingress: [{ ip: 198.51.100.80 }] }
`;
    const { v } = await view(FLANNEL, { scenario: 'loadbalancer', to: 'svc/shop/cart-public' }, { extra: lb });
    expect(v.addresses.find((a) => a.role === 'vip')).toMatchObject({ address: '198.51.100.80:80' });
    expect(v.addresses.find((a) => a.role === 'vip')?.example).toBeUndefined();
    expect(setting(v, 'externalTrafficPolicy')).toMatchObject({ value: 'Local', origin: 'cluster' });
    expect(setting(v, 'healthCheckNodePort')).toMatchObject({ value: '32109', origin: 'cluster' });
    // Local: the walk enters at the endpoint's own node and keeps the client address.
    expect(v.hops.find((h) => h.node !== 'outside the cluster' && h.node !== 'load balancer')?.node).toBe('worker-2');
    expect(v.hops.filter((h) => h.direction === 'request').at(-1)?.after.src).toBe('203.0.113.50:51000');
  });

  it('walks the cluster DNS Service for dns, and the name asked', async () => {
    const { v } = await view(FLANNEL, { scenario: 'dns', from: 'shop/web', to: 'svc/shop/cart' });
    expect(setting(v, 'dns')).toMatchObject({ value: 'kube-system/kube-dns 10.96.0.10', origin: 'cluster' });
    expect(setting(v, 'clusterDomain')).toMatchObject({ value: 'cluster.local', origin: 'assumed' });
    const text = v.hops.map((h) => h.mechanism).join('\n');
    expect(text).toContain('search shop.svc.cluster.local svc.cluster.local cluster.local');
    expect(text).toContain('cart.shop.svc.cluster.local A 10.96.141.27');
    expect(text).toContain('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(v.summary).toBe(
      "A Pod resolves cart.shop.svc.cluster.local. The query goes to the kube-dns Service's ClusterIP, which the service proxy translates to a CoreDNS Pod, like any Service.",
    );
  });
});

describe('NetworkPolicy at the hop that enforces it', () => {
  it('shows the verdict and the rules that decided, and walks on when allowed', async () => {
    const asked: PolicyQuery[] = [];
    const { v, markdown } = await view(CALICO, TO_CHECKOUT, { adjust: withVerdict(allowIngress, asked) });
    expect(asked).toEqual([{ src: '192.168.12.71', dst: '192.168.201.5', port: 5050, protocol: 'TCP' }]);
    const policy = v.hops.filter((h) => h.policy);
    expect(policy.map((h) => `${h.node} ${h.device} ${h.policy?.summary}`)).toEqual([
      'node-1 calib37da1c0efc NetworkPolicy, egress: allowed',
      'node-2 calieead8c2163a NetworkPolicy, ingress: allowed',
    ]);
    expect(policy[1]?.policy?.reasons).toEqual(['NetworkPolicy shop/checkout-from-frontend, ingress rule #1: allows TCP 5050']);
    expect(policy[0]?.mechanism).toContain('cali-fw-calib37da1c0efc');
    expect(policy[1]?.mechanism).toContain('cali-tw-calieead8c2163a');
    // The egress check comes after IPVS has chosen the endpoint: Felix's filter chains see the Pod address.
    const ipvs = v.hops.findIndex((h) => h.device === 'kube-ipvs0');
    expect(v.hops.findIndex((h) => h.policy?.direction === 'egress')).toBeGreaterThan(ipvs);
    expect(v.hops.some((h) => h.direction === 'reply')).toBe(true);
    expect(v.cluster?.outcome).toBeNull();
    expect(markdown).toContain('**NetworkPolicy, ingress: allowed**');
  });

  it('ends the walk where ingress is denied, with what the sender sees', async () => {
    const { v, markdown, mermaid } = await view(CALICO, TO_CHECKOUT, { adjust: withVerdict(denyIngress) });
    const last = v.hops.at(-1);
    expect(last?.policy).toMatchObject({ direction: 'ingress', state: 'denied' });
    expect(last?.policy?.reasons).toEqual([
      'NetworkPolicy shop/default-deny-ingress selects the Pod and no ingress rule admits the peer: all traffic denied',
    ]);
    expect(v.hops.some((h) => h.direction === 'reply')).toBe(false);
    expect(v.cluster?.outcome).toMatchObject({ by: 'network-policy', hop: last?.n });
    expect(v.cluster?.outcome?.text).toMatch(
      /^Felix drops a packet that policy denies \(FelixConfiguration iptablesFilterDenyAction, default Drop\)/,
    );
    expect(markdown).toContain(`**The walk ends at hop ${last?.n}:** Felix drops`);
    expect(mermaid).toContain('✗ NetworkPolicy, ingress: denied');
    await expect(parseMermaid(mermaid)).resolves.toBe('sequence');
  });

  it('ends the walk at the egress check when egress is denied', async () => {
    const { v } = await view(CALICO, TO_CHECKOUT, { adjust: withVerdict(denyEgress) });
    expect(v.hops.at(-1)?.policy).toMatchObject({ direction: 'egress', state: 'denied' });
    expect(v.hops.at(-1)?.policy?.reasons).toEqual([
      'AdminNetworkPolicy lockdown (priority 10), egress rule "no-checkout": denies TCP 5050',
    ]);
    expect(v.hops.at(-1)?.node).toBe('node-1');
  });

  it('says how each CNI answers a denied packet (kube-router rejects: connection refused)', async () => {
    const { v } = await view(
      ['kind.yaml'],
      { scenario: 'pod-to-service', from: 'api', to: 'svc/db', cni: { id: 'kube-router' }, proxy: 'iptables' },
      {
        adjust: withVerdict({ ...denyIngress, ingress: { ...denyIngress.ingress, decisions: [] } }),
      },
    );
    expect(v.cluster?.outcome?.text).toContain('"connection refused" instead of timing out');
    expect(v.notes.find((n) => n.level === 'warning')?.text).toMatch(
      /^--cni kube-router overrides the cluster, where the input shows kindnet/,
    );
  });

  it('shows the policy engine\'s verdict with the rule that decided, and "allowed" when the input has no policy', async () => {
    const real = await view(CALICO, TO_CHECKOUT);
    expect(real.v.hops.filter((h) => h.policy).map((h) => h.policy?.state)).toEqual(['allowed', 'allowed']);
    expect(real.v.hops.flatMap((h) => h.policy?.reasons ?? [])).toContain(
      'NetworkPolicy shop/checkout-from-frontend, ingress rule #1: allows TCP 5050',
    );
    expect(real.v.hops.some((h) => h.direction === 'reply')).toBe(true);
    const none = await view(['shop-cilium.yaml', 'cilium-kpr.yaml'], {
      scenario: 'pod-to-service',
      from: 'demo/client',
      to: 'svc/demo/echo',
    });
    expect(none.v.hops.filter((h) => h.policy).map((h) => h.policy?.summary)).toEqual([
      'NetworkPolicy, egress: allowed: the input has no policy objects, so no Pod is isolated',
      'NetworkPolicy, ingress: allowed: the input has no policy objects, so no Pod is isolated',
    ]);
  });

  it('says that the policies have no effect where the CNI enforces none', async () => {
    const { v } = await view(
      FLANNEL,
      { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/shop/cart' },
      { adjust: withVerdict(denyIngress) },
    );
    expect(v.hops.some((h) => h.policy)).toBe(false);
    expect(v.notes.map((n) => n.text)).toContain(
      'Flannel does not enforce NetworkPolicy: the policy objects in the input (1) have no effect on this walk, unless a separate policy controller (such as kube-network-policies) runs beside it',
    );
    expect(setting(v, 'policy')).toMatchObject({ value: 'not enforced (Flannel)' });
  });

  it.skipIf(!corpusPresent)("reads the AWS network policy agent's switch (off in the corpus manifest)", async () => {
    const c = CLUSTER_WALKS.find((x) => x.name === 'pod-to-service-iptables-aws-vpc-cni');
    const { v } = await view(c?.inputs ?? [], c?.request ?? TO_CHECKOUT, { adjust: withVerdict(denyIngress) });
    expect(v.hops.some((h) => h.policy)).toBe(false);
    expect(setting(v, 'policy')).toMatchObject({ origin: 'cluster', evidence: [expect.stringContaining('--enable-network-policy=false')] });
  });
});

describe('mesh authorization', () => {
  const source = {
    sourceNamespace: 'bookinfo',
    sourceServiceAccount: 'bookinfo-productpage',
    sourceIp: '10.244.1.31',
    port: 9080,
    scope: 'l7' as const,
  };
  const policy = (action: string, rules: unknown) => ({
    namespace: 'bookinfo',
    name: `p-${action}`,
    action,
    selector: null,
    targetRefs: [],
    rules: rules as never,
    object: {} as never,
  });
  it.each([
    ['no policy', [], 'no-policies'],
    ['ALLOW without rules allows nothing', [policy('ALLOW', null)], 'denied'],
    ['ALLOW with an empty rule allows all', [policy('ALLOW', [{ from: null, to: null, when: 0 }])], 'allowed'],
    [
      'ALLOW for another principal',
      [policy('ALLOW', [{ from: [{ principals: ['cluster.local/ns/x/sa/y'] }], to: null, when: 0 }])],
      'denied',
    ],
    [
      'ALLOW for the namespace, port 9080',
      [policy('ALLOW', [{ from: [{ namespaces: ['book*'] }], to: [{ ports: ['9080'] }], when: 0 }])],
      'allowed',
    ],
    [
      'DENY wins over ALLOW',
      [policy('ALLOW', [{ from: null, to: null, when: 0 }]), policy('DENY', [{ from: [{ notNamespaces: ['other'] }], to: null, when: 0 }])],
      'denied',
    ],
    ['a rule on paths depends on the request', [policy('ALLOW', [{ from: null, to: [{ paths: ['/api/*'] }], when: 0 }])], 'undetermined'],
  ])('%s', (_name, policies, state) => {
    expect(evaluateAuthorization(policies, source).state).toBe(state);
  });

  it('shows the AuthorizationPolicy where the sidecar applies it, and ends the walk when it denies', async () => {
    const c = CLUSTER_WALKS.find((x) => x.name === 'mesh-istio-sidecar-flannel');
    const denying = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: deny-productpage, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews } }
  action: DENY
  rules: [{ from: [{ source: { principals: [cluster.local/ns/bookinfo/sa/bookinfo-productpage] } }] }]
`;
    const { v } = await view(c?.inputs ?? [], c?.request ?? TO_CHECKOUT, { extra: denying });
    const last = v.hops.at(-1);
    expect(last?.component).toBe('Envoy sidecar (istio-proxy)');
    expect(last?.policy?.summary).toBe('AuthorizationPolicy: denied');
    expect(last?.policy?.reasons).toEqual([
      'AuthorizationPolicy bookinfo/deny-productpage (DENY): matches',
      'AuthorizationPolicy bookinfo/reviews-viewer (ALLOW): matches',
    ]);
    expect(v.cluster?.outcome?.text).toContain('403 "RBAC: access denied"');
  });

  it('detects the mesh from the Pods, and refuses a mesh walk when they are not in one', async () => {
    const ambient = await view(['kubeadm-flannel.yaml', 'istio-ambient.yaml'], {
      scenario: 'mesh',
      from: 'ambient-demo/sleep',
      to: 'svc/ambient-demo/httpbin',
    });
    expect(setting(ambient.v, 'mesh')).toMatchObject({ value: 'istio:ambient', origin: 'cluster' });
    expect(ambient.v.hops.map((h) => h.after.dst)).toContain('10.244.2.60:15008');
    await expect(view(FLANNEL, { scenario: 'mesh', from: 'shop/web', to: 'svc/shop/cart' })).rejects.toThrow(
      /^neither workload is in a service mesh/,
    );
  });
});

describe('inputs that do not fit the scenario: exit 2 with the reason', () => {
  it.each<[ClusterTraceRequest, RegExp]>([
    [
      { scenario: 'pod-to-service', from: 'shop/wbe', to: 'svc/shop/cart' },
      /^--from shop\/wbe: no such workload in the input; did you mean "shop\/web"\?$/,
    ],
    [
      { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/shop/crat' },
      /^--to: svc\/shop\/crat: no such Service in the input; did you mean "shop\/cart"\?$|no such Service in the input; did you mean "shop\/cart"\?$/,
    ],
    [{ scenario: 'nodeport', to: 'svc/shop/cart' }, /^a nodeport walk needs a NodePort or LoadBalancer Service; shop\/cart is ClusterIP/],
    [{ scenario: 'pod-to-service', to: 'svc/shop/cart' }, /^pod-to-service needs --from/],
    [{ scenario: 'pod-to-pod', from: 'shop/web', to: 'svc/shop/cart' }, /^--to: pod-to-pod goes to a Pod/],
    [{ scenario: 'pod-to-external', from: 'shop/web', to: '10.244.2.21' }, /inside the cluster/],
    [
      { scenario: 'pod-to-service', from: 'shop/web', to: 'svc/shop/cart', endpoint: '10.244.0.2' },
      /is not an endpoint of Service shop\/cart/,
    ],
  ])('%j', async (request, message) => {
    const error = await view(FLANNEL, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses an input without a CNI, asking for --cni', async () => {
    await expect(view(['shop-cilium.yaml'], { scenario: 'pod-to-service', from: 'demo/client', to: 'svc/demo/echo' })).rejects.toThrow(
      /^the input shows no CNI plugin; say which with --cni \(traced: /,
    );
  });
});

describe('outputs', () => {
  it('speaks Chinese with --lang zh', async () => {
    const { markdown } = await view(CALICO, TO_CHECKOUT, { adjust: withVerdict(denyIngress) }, 'zh');
    expect(markdown).toContain('| 设置 | 取值 | 来自 | 证据或原因 |');
    expect(markdown).toContain('**NetworkPolicy，入站：拒绝**');
    expect(markdown).toContain('Felix 丢弃被策略拒绝的数据包');
    expect(markdown).toContain('**假定**');
  });

  it('prints the view model as JSON, with the cluster part', async () => {
    const { v } = await view(CALICO, TO_CHECKOUT, { adjust: withVerdict(allowIngress) });
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
    expect(v.cluster?.settings.map((s) => s.key)).toContain('policy');
  });

  it('emits Mermaid that Mermaid parses, for every walk through a real cluster', async () => {
    const sources = await traceClusterSources();
    expect(sources.length).toBeGreaterThanOrEqual(2 * (CLUSTER_WALKS.filter((x) => corpusPresent || !usesCorpus(x)).length + 1));
    expect(sources.some((s) => s.source.includes('Note over') && s.source.includes('✗'))).toBe(true);
    for (const { label, source } of sources) await expect(parseMermaid(source), label).resolves.toBe('sequence');
  }, 120_000);
});
