/**
 * The stack of a walk through a real cluster: the CNI and its data-plane mode and the service proxy
 * and its mode, as inspect detects them, with the evidence; a documented default, marked assumed,
 * where the input does not say; --cni and --proxy override, with a warning when they contradict the
 * evidence.
 */
import type { TraceData } from '../../catalogue/trace-schema.ts';
import type { Localized } from '../../catalogue/schema.ts';
import type { Cluster } from '../../cluster/cluster.ts';
import { type Evidence, evidence } from '../../cluster/objects.ts';
import { UsageError } from '../../errors.ts';
import { type Confidence, CONFIDENCES, type Finding } from '../../inspect/findings.ts';
import type { InspectResult } from '../../inspect/inspect.ts';
import { compareVersions } from '../compile.ts';
import type { ProxyMode } from '../constants.ts';
import { modelOf } from '../../cluster/model.ts';
import { assumedDefault, assumedSetting, bilingual, evidenceText, type Setting } from './settings.ts';

export interface StackOverrides {
  readonly cni?: { id: string; mode?: string };
  readonly proxy?: ProxyMode;
  readonly k8sVersion?: string;
}

export interface StackChoice {
  readonly cni: { id: string; mode: string };
  readonly proxy: ProxyMode;
  readonly k8sVersion: string;
  /** Calico's CrossSubnet pools encapsulate only between subnets: the walk assumes the nodes' differ. */
  readonly crossSubnetAssumed: boolean;
  readonly settings: Setting[];
  readonly warnings: Localized[];
}

const rank = (c: Confidence): number => CONFIDENCES.indexOf(c);
const detailValues = (f: Finding, key: string): string[] => f.details.filter((d) => d.key === key && !d.note).map((d) => d.value);

interface ModeReading {
  mode: string;
  origin: 'cluster' | 'assumed';
  assumedId?: string;
  crossSubnet?: boolean;
}

/** The trace data's mode of a detected CNI, from the finding's details. */
function readMode(finding: Finding): ModeReading | { unsupported: string } {
  const values = (key: string) => detailValues(finding, key);
  switch (finding.id) {
    case 'flannel': {
      const backend = values('backend')[0]?.toLowerCase();
      if (backend === undefined) return { mode: 'vxlan', origin: 'assumed', assumedId: 'flannel-backend' };
      if (backend === 'vxlan' || backend === 'host-gw') return { mode: backend, origin: 'cluster' };
      return { unsupported: `Flannel's ${backend} backend` };
    }
    case 'calico': {
      const dataplane = values('dataplane').join(' ');
      if (/FELIX_BPFENABLED=true|^BPF$|\bBPF\b/i.test(dataplane)) return { mode: 'ebpf', origin: 'cluster' };
      const encap = values('encapsulation');
      const on = (kind: 'IPIP' | 'VXLAN'): string | undefined =>
        encap.find((v) =>
          new RegExp(`(CALICO_IPV4POOL_${kind}|${kind.toLowerCase()}Mode)=(Always|CrossSubnet)$|^${kind}(CrossSubnet)?$`, 'i').test(v),
        );
      const vxlan = on('VXLAN');
      const ipip = on('IPIP');
      const picked = vxlan ?? ipip;
      if (picked) return { mode: vxlan ? 'vxlan' : 'ipip', origin: 'cluster', crossSubnet: /CrossSubnet/i.test(picked) };
      if (encap.length > 0 && encap.every((v) => /(=Never|^None)$/i.test(v))) return { mode: 'bgp', origin: 'cluster' };
      return { mode: 'ipip', origin: 'assumed', assumedId: 'calico-encapsulation' };
    }
    case 'cilium': {
      const routing = values('routing')[0]?.toLowerCase();
      const tunnel = values('tunnel').map((v) => v.toLowerCase());
      if (routing === 'native' || tunnel.includes('disabled')) return { mode: 'native-routing', origin: 'cluster' };
      if (tunnel.includes('geneve')) return { mode: 'geneve', origin: 'cluster' };
      if (tunnel.includes('vxlan')) return { mode: 'vxlan', origin: 'cluster' };
      return { mode: 'vxlan', origin: 'assumed', assumedId: 'cilium-routing' };
    }
    case 'antrea': {
      const encap = values('encapsulation')[0]?.toLowerCase();
      const tunnel = values('tunnel')[0]?.toLowerCase();
      if (encap === 'noencap') return { mode: 'noencap', origin: 'cluster' };
      if (encap !== undefined && encap !== 'encap') return { unsupported: `Antrea's ${encap} traffic mode` };
      if (tunnel !== undefined && tunnel !== 'geneve') return { unsupported: `Antrea's ${tunnel} tunnel` };
      return encap === undefined && tunnel === undefined
        ? { mode: 'geneve', origin: 'assumed', assumedId: 'antrea-encapsulation' }
        : { mode: 'geneve', origin: 'cluster' };
    }
    case 'aws-vpc-cni':
      return { mode: 'secondary-ip', origin: 'cluster' };
    case 'kindnet':
      return { mode: 'routed', origin: 'cluster' };
    case 'kube-router':
      return { mode: 'bgp', origin: 'cluster' };
    case 'kube-ovn':
      return { mode: 'geneve', origin: 'cluster' };
    default:
      return { unsupported: finding.label ?? finding.id };
  }
}

function detectedCni(inspect: InspectResult, traced: ReadonlySet<string>): Finding | undefined {
  const cnis = inspect.findings
    .filter((f) => f.concern === 'cni' && f.role !== 'helper')
    .sort((a, b) => Number(b.role === 'primary') - Number(a.role === 'primary') || rank(a.confidence) - rank(b.confidence));
  return cnis.find((f) => traced.has(f.id)) ?? cnis[0];
}

function cniName(data: TraceData, id: string, mode: string): string {
  return data.cnis.find((c) => c.id === id && c.mode === mode)?.name ?? `${id}:${mode}`;
}

function chooseCni(
  data: TraceData,
  inspect: InspectResult,
  override: StackOverrides['cni'],
): { id: string; mode: string; crossSubnet: boolean; setting: Setting; warnings: Localized[] } {
  const traced = new Set(data.cnis.map((c) => c.id));
  const finding = detectedCni(inspect, traced);
  const reading = finding ? readMode(finding) : undefined;
  const warnings: Localized[] = [];
  if (override) {
    const defaultMode = data.cnis.find((c) => c.id === override.id && c.default)?.mode ?? override.mode ?? '';
    const sameCni = finding?.id === override.id && reading !== undefined && 'mode' in reading;
    const mode = override.mode ?? (sameCni && 'mode' in reading ? reading.mode : defaultMode);
    if (
      finding &&
      (finding.id !== override.id || (sameCni && 'mode' in reading && reading.origin === 'cluster' && reading.mode !== mode))
    ) {
      const found = reading && 'mode' in reading ? cniName(data, finding.id, reading.mode) : (finding.label ?? finding.id);
      warnings.push(
        bilingual('overrideContradicts', {
          option: `--cni ${override.id}${override.mode ? `:${override.mode}` : ''}`,
          found,
          evidence: finding.evidence.slice(0, 2).map(evidenceText).join('; '),
        }),
      );
    }
    return {
      id: override.id,
      mode,
      crossSubnet: false,
      setting: { key: 'cni', value: cniName(data, override.id, mode), origin: 'option', evidence: [] },
      warnings,
    };
  }
  const list = [...traced].join(', ');
  if (!finding) throw new UsageError(`the input shows no CNI plugin; say which with --cni (traced: ${list})`);
  if (!reading || 'unsupported' in reading || !traced.has(finding.id)) {
    const what = reading && 'unsupported' in reading ? reading.unsupported : (finding.label ?? finding.id);
    throw new UsageError(
      `the cluster runs ${what} (${finding.evidence.slice(0, 1).map(evidenceText).join('')}), which trace has no walk data for; --cni chooses a traced one (${list})`,
    );
  }
  const a = reading.assumedId ? assumedDefault(data, reading.assumedId) : undefined;
  const setting: Setting = {
    key: 'cni',
    value: cniName(data, finding.id, reading.mode),
    origin: reading.origin,
    evidence: finding.evidence,
    ...(a ? { why: a.text, source: a.source } : {}),
  };
  return { id: finding.id, mode: reading.mode, crossSubnet: reading.crossSubnet ?? false, setting, warnings };
}

/** The service proxy the findings show, and the evidence. */
function detectedProxy(
  inspect: InspectResult,
  cniId: string,
): { proxy: ProxyMode; origin: 'cluster' | 'default' | 'assumed'; assumedId?: string; evidence: Evidence[] } | undefined {
  const proxies = inspect.findings.filter((f) => f.concern === 'service-proxy');
  const replacement = proxies.find((f) => f.role === 'replacement');
  if (replacement?.id === 'cilium-kube-proxy-replacement') return { proxy: 'ebpf', origin: 'cluster', evidence: replacement.evidence };
  if (replacement?.id === 'kube-router' && cniId === 'kube-router')
    return { proxy: 'kube-router-proxy', origin: 'cluster', evidence: replacement.evidence };
  if (replacement?.id === 'antrea' && cniId === 'antrea')
    return { proxy: 'antrea-proxy', origin: 'cluster', evidence: replacement.evidence };
  const kubeProxy = proxies.find((f) => f.id === 'kube-proxy');
  if (!kubeProxy) return undefined;
  const mode = kubeProxy.details.find((d) => d.key === 'mode');
  if (mode && !mode.note && ['iptables', 'ipvs', 'nftables'].includes(mode.value))
    return { proxy: mode.value as ProxyMode, origin: 'cluster', evidence: kubeProxy.evidence };
  return {
    proxy: 'iptables',
    origin: mode?.note === 'notSet' ? 'default' : 'assumed',
    assumedId: 'kube-proxy-mode',
    evidence: kubeProxy.evidence,
  };
}

function proxyName(data: TraceData, id: ProxyMode): string {
  return data.proxies.find((p) => p.id === id)?.name ?? id;
}

function chooseProxy(
  data: TraceData,
  inspect: InspectResult,
  cni: { id: string; mode: string },
  override: ProxyMode | undefined,
): { proxy: ProxyMode; setting: Setting; warnings: Localized[] } {
  const cniData = data.cnis.find((c) => c.id === cni.id && c.mode === cni.mode);
  const found = detectedProxy(inspect, cni.id);
  const warnings: Localized[] = [];
  if (override) {
    if (found && found.proxy !== override && found.origin !== 'assumed') {
      warnings.push(
        bilingual('overrideContradicts', {
          option: `--proxy ${override}`,
          found: proxyName(data, found.proxy),
          evidence: found.evidence.slice(0, 2).map(evidenceText).join('; '),
        }),
      );
    }
    return { proxy: override, setting: { key: 'proxy', value: proxyName(data, override), origin: 'option', evidence: [] }, warnings };
  }
  const own = cniData?.proxies[0];
  const cluster = (proxy: ProxyMode, ev: Evidence[]): { proxy: ProxyMode; setting: Setting; warnings: Localized[] } => ({
    proxy,
    setting: { key: 'proxy', value: proxyName(data, proxy), origin: 'cluster', evidence: ev },
    warnings,
  });
  const assumed = (proxy: ProxyMode, id: string): { proxy: ProxyMode; setting: Setting; warnings: Localized[] } => ({
    proxy,
    setting: assumedSetting(data, 'proxy', id, proxyName(data, proxy)),
    warnings,
  });
  // Calico eBPF implements Services itself; AntreaProxy handles Pod traffic unless disabled; kube-router
  // runs its own proxy unless kube-proxy is there instead.
  if (own === 'ebpf') return cluster('ebpf', []);
  if (own === 'antrea-proxy')
    return found?.proxy === 'antrea-proxy' ? cluster('antrea-proxy', found.evidence) : assumed('antrea-proxy', 'antrea-proxy');
  if (own === 'kube-router-proxy' && found?.proxy !== 'kube-router-proxy' && found?.origin !== 'cluster')
    return assumed('kube-router-proxy', 'kube-router-proxy');
  if (found) {
    const a = found.assumedId ? assumedDefault(data, found.assumedId) : undefined;
    const setting: Setting = {
      key: 'proxy',
      value: proxyName(data, found.proxy),
      origin: found.origin,
      evidence: found.evidence,
      ...(a ? { why: a.text, source: a.source } : {}),
    };
    return { proxy: found.proxy, setting, warnings };
  }
  return assumed('iptables', 'service-proxy');
}

/** The Kubernetes minor version: the Nodes' kubelets, else kube-proxy's image tag, else assumed. */
function chooseVersion(
  data: TraceData,
  cluster: Cluster,
  inspect: InspectResult,
  override: string | undefined,
): { version: string; setting: Setting; warnings: Localized[] } {
  const minor = (v: string): string | undefined => /^v?(1\.\d+)/.exec(v)?.[1];
  let found: { version: string; evidence: Evidence[] } | undefined;
  for (const node of modelOf(cluster).nodes) {
    const v = node.kubeletVersion ? minor(node.kubeletVersion) : undefined;
    if (v) {
      found = { version: v, evidence: [evidence(node.object, 'status.nodeInfo.kubeletVersion', node.kubeletVersion)] };
      break;
    }
  }
  if (!found) {
    const kubeProxy = inspect.findings.find((f) => f.id === 'kube-proxy');
    const v = kubeProxy?.details.find((d) => d.key === 'version')?.value;
    const m = v ? minor(v) : undefined;
    if (m && kubeProxy) found = { version: m, evidence: kubeProxy.evidence.slice(0, 1) };
  }
  const warnings: Localized[] = [];
  if (override) {
    if (found && compareVersions(found.version, override) !== 0)
      warnings.push(
        bilingual('overrideContradicts', {
          option: `--k8s-version ${override}`,
          found: found.version,
          evidence: found.evidence.map(evidenceText).join('; '),
        }),
      );
    return { version: override, setting: { key: 'k8sVersion', value: override, origin: 'option', evidence: [] }, warnings };
  }
  if (found)
    return {
      version: found.version,
      setting: { key: 'k8sVersion', value: found.version, origin: 'cluster', evidence: found.evidence },
      warnings,
    };
  const version = data.cluster.k8sVersion.value;
  return { version, setting: assumedSetting(data, 'k8sVersion', 'kubernetes-version', version), warnings };
}

export function chooseStack(data: TraceData, cluster: Cluster, inspect: InspectResult, overrides: StackOverrides): StackChoice {
  const cni = chooseCni(data, inspect, overrides.cni);
  const proxy = chooseProxy(data, inspect, cni, overrides.proxy);
  const version = chooseVersion(data, cluster, inspect, overrides.k8sVersion);
  const settings = [cni.setting, proxy.setting, version.setting];
  if (cni.crossSubnet) settings.push(assumedSetting(data, 'encapsulation', 'calico-cross-subnet'));
  return {
    cni: { id: cni.id, mode: cni.mode },
    proxy: proxy.proxy,
    k8sVersion: version.version,
    crossSubnetAssumed: cni.crossSubnet,
    settings,
    warnings: [...cni.warnings, ...proxy.warnings, ...version.warnings],
  };
}
