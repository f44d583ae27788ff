/**
 * CNI: the primary plugin and its data-plane mode, read from each plugin's own configuration.
 * Chained or helper plugins (Multus) are reported as helpers; Istio's and Linkerd's CNI node agents
 * belong to the mesh detector and are never taken for the primary CNI. A DaemonSet that installs
 * CNI configuration but matches no known plugin is an "unknown CNI", with its evidence.
 */
import { type Cluster, type ContainerRef, envOf, flagOf, imageEvidence, imageTag } from '../../cluster/cluster.ts';
import { arr, type Evidence, evidence, get, type KObject, str } from '../../cluster/objects.ts';
import { isPlaceholder } from '../../cluster/placeholders.ts';
import { type Confidence, type Detail, detail, type Finding } from '../findings.ts';
import { containersMatching, crdEvidence, distinctWorkloads, objectsOfGroups } from './match.ts';
import { MESH_CNI_IMAGES } from './mesh.ts';

interface CniRule {
  readonly id: string;
  readonly role: 'primary' | 'helper';
  /** Images of the node agent / controller. */
  readonly images: readonly RegExp[];
  /** Images of an operator that installs the plugin (medium confidence alone). */
  readonly operatorImages?: readonly RegExp[];
  /** CRD API groups the plugin installs (low confidence alone). */
  readonly crdGroups?: readonly string[];
  /** Configuration objects (custom resources) of these groups (medium confidence alone). */
  readonly configGroups?: readonly string[];
  /** Flags of the matched containers to report. */
  readonly flags?: readonly { flag: string; key: Detail['key'] }[];
  /** Env vars of the matched containers to report. */
  readonly env?: readonly { name: string; key: Detail['key'] }[];
  /** ConfigMap keys (any ConfigMap) to report, when the plugin is found. */
  readonly configKeys?: readonly { key: string; detail: Detail['key'] }[];
}

export const CNI_RULES: readonly CniRule[] = [
  {
    id: 'flannel',
    role: 'primary',
    images: [/flannel-io\/flannel([:@]|$)/, /coreos\/flannel([:@]|$)/, /mirrored-flannelcni-flannel([:@]|$)/, /(^|\/)flannel:/],
  },
  {
    id: 'calico',
    role: 'primary',
    images: [/calico\/(node|cni|kube-controllers|typha)([:@]|$)/],
    operatorImages: [/tigera\/operator([:@]|$)/],
    crdGroups: ['crd.projectcalico.org'],
    configGroups: ['operator.tigera.io', 'crd.projectcalico.org'],
    env: [
      { name: 'CALICO_NETWORKING_BACKEND', key: 'bgp' },
      { name: 'CLUSTER_TYPE', key: 'setting' },
      { name: 'CALICO_IPV4POOL_CIDR', key: 'podCidr' },
      { name: 'CALICO_IPV4POOL_IPIP', key: 'encapsulation' },
      { name: 'CALICO_IPV4POOL_VXLAN', key: 'encapsulation' },
      { name: 'FELIX_BPFENABLED', key: 'dataplane' },
    ],
  },
  {
    id: 'cilium',
    role: 'primary',
    images: [/cilium\/cilium([:@]|$)/, /cilium\/operator(-generic|-aws|-azure)?([:@]|$)/],
    crdGroups: ['cilium.io'],
    configKeys: [
      { key: 'routing-mode', detail: 'routing' },
      { key: 'tunnel-protocol', detail: 'tunnel' },
      { key: 'tunnel', detail: 'tunnel' },
      { key: 'ipam', detail: 'ipam' },
      { key: 'cluster-pool-ipv4-cidr', detail: 'podCidr' },
    ],
  },
  {
    id: 'aws-vpc-cni',
    role: 'primary',
    images: [/amazon-k8s-cni([:@]|$)/, /amazon\/aws-k8s-cni/],
    crdGroups: ['crd.k8s.amazonaws.com'],
    env: [
      { name: 'ENABLE_IPv4', key: 'setting' },
      { name: 'ENABLE_IPv6', key: 'setting' },
      { name: 'ENABLE_PREFIX_DELEGATION', key: 'setting' },
      { name: 'AWS_VPC_K8S_CNI_EXTERNALSNAT', key: 'setting' },
      { name: 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', key: 'setting' },
      { name: 'WARM_ENI_TARGET', key: 'setting' },
    ],
  },
  { id: 'antrea', role: 'primary', images: [/antrea\/antrea(-[a-z-]+)?([:@]|$)/], crdGroups: ['crd.antrea.io'] },
  {
    id: 'kube-ovn',
    role: 'primary',
    images: [/kubeovn\/kube-ovn([:@]|$)/],
    crdGroups: ['kubeovn.io'],
    flags: [
      { flag: 'network-type', key: 'tunnel' },
      { flag: 'default-cidr', key: 'podCidr' },
      { flag: 'node-switch-cidr', key: 'joinCidr' },
      { flag: 'service-cluster-ip-range', key: 'serviceCidr' },
    ],
  },
  {
    id: 'kube-router',
    role: 'primary',
    images: [/cloudnativelabs\/kube-router([:@]|$)/],
    flags: [
      { flag: 'run-router', key: 'setting' },
      // --run-firewall belongs to the policy-enforcer finding (detectors/enforcer.ts).
      { flag: 'enable-overlay', key: 'setting' },
      { flag: 'cluster-cidr', key: 'podCidr' },
    ],
  },
  {
    id: 'weave-net',
    role: 'primary',
    images: [/weaveworks\/weave-(kube|npc)([:@]|$)/, /weave-kube([:@]|$)/],
    env: [{ name: 'IPALLOC_RANGE', key: 'podCidr' }],
  },
  { id: 'kindnet', role: 'primary', images: [/kindnetd([:@]|$)/], env: [{ name: 'POD_SUBNET', key: 'podCidr' }] },
  { id: 'multus', role: 'helper', images: [/multus-cni([:@]|$)/, /(^|\/)multus(-thin|-thick)?([:@]|$)/], crdGroups: ['k8s.cni.cncf.io'] },
];

/** Where a DaemonSet writes CNI configuration or binaries (hostPath): the mark of an unknown CNI. */
const CNI_HOST_PATHS = [/^\/etc\/cni\/net\.d\/?$/, /^\/opt\/cni\/bin\/?$/];

/** Per-plugin readers of the data-plane mode from the plugin's own configuration. */
const MODE_READERS: Readonly<Record<string, (cluster: Cluster, found: ContainerRef[]) => { details: Detail[]; evidence: Evidence[] }>> = {
  flannel: (cluster) => {
    const details: Detail[] = [];
    const ev: Evidence[] = [];
    for (const entry of cluster.config('net-conf.json')) {
      let conf: unknown;
      try {
        conf = JSON.parse(entry.value);
      } catch {
        continue;
      }
      const backend = str(get(conf, 'Backend', 'Type'));
      const network = str(get(conf, 'Network'));
      if (backend) {
        details.push(detail('backend', backend));
        ev.push(evidence(entry.object, `${entry.path} → Backend.Type`, backend));
      }
      if (network) {
        details.push(cidrDetail('podCidr', network));
        ev.push(evidence(entry.object, `${entry.path} → Network`, network));
      }
    }
    return { details, evidence: ev };
  },
  calico: (cluster) => {
    const details: Detail[] = [];
    const ev: Evidence[] = [];
    for (const inst of cluster.ofKind('Installation').filter((o) => o.apiVersion.startsWith('operator.tigera.io/'))) {
      arr(get(inst.raw, 'spec', 'calicoNetwork', 'ipPools')).forEach((pool, i) => {
        const cidr = str(get(pool, 'cidr'));
        const encap = str(get(pool, 'encapsulation'));
        if (cidr) {
          details.push(cidrDetail('podCidr', cidr));
          ev.push(evidence(inst, `spec.calicoNetwork.ipPools[${i}].cidr`, cidr));
        }
        if (encap) {
          details.push(detail('encapsulation', encap));
          ev.push(evidence(inst, `spec.calicoNetwork.ipPools[${i}].encapsulation`, encap));
        }
      });
      const bgp = str(get(inst.raw, 'spec', 'calicoNetwork', 'bgp'));
      if (bgp) {
        details.push(detail('bgp', bgp));
        ev.push(evidence(inst, 'spec.calicoNetwork.bgp', bgp));
      }
      const dataplane = str(get(inst.raw, 'spec', 'calicoNetwork', 'linuxDataplane'));
      if (dataplane) {
        details.push(detail('dataplane', dataplane));
        ev.push(evidence(inst, 'spec.calicoNetwork.linuxDataplane', dataplane));
      }
    }
    for (const pool of cluster
      .ofKind('IPPool')
      .filter((o) => o.apiVersion.startsWith('crd.projectcalico.org/') || o.apiVersion.startsWith('projectcalico.org/'))) {
      for (const [field, key] of [
        ['cidr', 'podCidr'],
        ['ipipMode', 'encapsulation'],
        ['vxlanMode', 'encapsulation'],
      ] as const) {
        const value = str(get(pool.raw, 'spec', field));
        if (value) {
          details.push(key === 'podCidr' ? cidrDetail(key, value) : detail(key, `${field}=${value}`));
          ev.push(evidence(pool, `spec.${field}`, value));
        }
      }
    }
    return { details, evidence: ev };
  },
  antrea: (cluster) => {
    const details: Detail[] = [];
    const ev: Evidence[] = [];
    for (const entry of cluster.config('antrea-agent.conf')) {
      const conf = cluster.parseEntry(entry);
      for (const [path, key] of [
        [['trafficEncapMode'], 'encapsulation'],
        [['tunnelType'], 'tunnel'],
        [['noSNAT'], 'noSnat'],
        [['antreaProxy', 'proxyAll'], 'proxyAll'],
      ] as const) {
        const value = str(get(conf, ...path));
        if (value === undefined) continue;
        details.push(detail(key, value));
        ev.push(evidence(entry.object, `${entry.path} → ${path.join('.')}`, value));
      }
    }
    return { details, evidence: ev };
  },
};

function cidrDetail(key: Detail['key'], value: string): Detail {
  return isPlaceholder(value) ? detail(key, value, 'placeholder') : detail(key, value);
}

export function detectCni(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  const claimed = new Set<KObject>();
  for (const rule of CNI_RULES) {
    const agents = containersMatching(cluster, rule.images);
    const operators = containersMatching(cluster, rule.operatorImages ?? []);
    const configs = objectsOfGroups(cluster, rule.configGroups ?? []).filter((o) => o.kind !== 'CustomResourceDefinition');
    const crds = crdEvidence(cluster, rule.crdGroups ?? []);
    if (agents.length + operators.length + configs.length + crds.length === 0) continue;
    for (const c of [...agents, ...operators]) claimed.add(c.object);
    const confidence: Confidence = agents.length > 0 ? 'high' : operators.length > 0 || configs.length > 0 ? 'medium' : 'low';
    const ev: Evidence[] = [...distinctWorkloads([...agents, ...operators]).map(imageEvidence)];
    const details: Detail[] = [];
    const reader = MODE_READERS[rule.id];
    if (reader) {
      const read = reader(cluster, agents);
      for (const d of read.details) details.push(d);
      for (const e of read.evidence) ev.push(e);
    }
    for (const c of agents) {
      for (const { flag, key } of rule.flags ?? []) {
        const found = flagOf(c, flag);
        if (!found) continue;
        // Settings are told apart by their flag: --run-router=true and --enable-overlay=true are two.
        const same = (d: Detail) =>
          d.key === key && (key === 'setting' ? d.value === `--${flag}=${found.value}` : d.value.endsWith(found.value));
        if (details.some(same)) continue;
        details.push(
          key === 'setting'
            ? detail(key, `--${flag}=${found.value}`)
            : key.endsWith('Cidr')
              ? cidrDetail(key, found.value)
              : detail(key, found.value),
        );
        ev.push(evidence(c.object, found.path, `--${flag}=${found.value}`));
      }
      for (const { name, key } of rule.env ?? []) {
        const found = envOf(cluster, c, name);
        if (!found || details.some((d) => d.value === `${name}=${found.value}` || (key === 'podCidr' && d.value === found.value))) continue;
        details.push(key === 'podCidr' ? cidrDetail(key, found.value) : detail(key, `${name}=${found.value}`));
        ev.push(found.evidence);
      }
    }
    for (const { key, detail: detailKey } of rule.configKeys ?? []) {
      for (const entry of cluster.config(key)) {
        details.push(detailKey === 'podCidr' ? cidrDetail(detailKey, entry.value) : detail(detailKey, entry.value));
        ev.push(evidence(entry.object, entry.path, entry.value));
      }
    }
    const versionSource = agents[0] ?? operators[0];
    const tag = versionSource ? imageTag(versionSource.image) : undefined;
    if (tag) details.push(detail('version', tag));
    if (agents.length === 0 && operators.length > 0) details.unshift(detail('mode', 'operator'));
    if (rule.role === 'primary' && !details.some((d) => ['backend', 'encapsulation', 'routing', 'tunnel', 'bgp'].includes(d.key))) {
      details.unshift(detail('dataplane', '', 'unknown'));
    }
    ev.push(...configs.slice(0, 3).map((o) => evidence(o, 'apiVersion', o.apiVersion)), ...(agents.length === 0 ? crds : []));
    findings.push({
      concern: 'cni',
      id: rule.id,
      role: agents.length === 0 && operators.length === 0 ? 'config-only' : rule.role,
      confidence,
      details: dedupe(details),
      evidence: ev,
    });
  }
  // Unknown CNI: a DaemonSet that mounts the CNI config or binary directory, matched by no rule and no mesh agent.
  for (const ds of cluster.ofKind('DaemonSet')) {
    if (claimed.has(ds)) continue;
    const volumes = arr(get(ds.raw, 'spec', 'template', 'spec', 'volumes'));
    const index = volumes.findIndex((v) => CNI_HOST_PATHS.some((re) => re.test(str(get(v, 'hostPath', 'path')) ?? '')));
    if (index < 0) continue;
    const images = cluster.containers.filter((c) => c.object === ds);
    if (
      images.some((c) => MESH_CNI_IMAGES.some((re) => re.test(c.image)) || CNI_RULES.some((r) => r.images.some((re) => re.test(c.image))))
    )
      continue;
    if (images.some((c) => /(^|\/)kube-proxy([:@]|$)/.test(c.image))) continue;
    const hostPath = str(get(volumes[index], 'hostPath', 'path')) ?? '';
    findings.push({
      concern: 'cni',
      id: 'cni',
      role: 'unknown',
      label: `${ds.namespace ? `${ds.namespace}/` : ''}${ds.name}`,
      confidence: 'low',
      details: [detail('dataplane', '', 'unknown')],
      evidence: [
        evidence(ds, `spec.template.spec.volumes[${index}].hostPath.path`, hostPath),
        ...images
          .filter((c) => !c.init)
          .slice(0, 2)
          .map(imageEvidence),
      ],
    });
  }
  return findings;
}

function dedupe(details: Detail[]): Detail[] {
  const seen = new Set<string>();
  return details.filter((d) => {
    const key = `${d.key}\u0000${d.value}\u0000${d.note ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
