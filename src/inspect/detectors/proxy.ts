/**
 * Service proxy: kube-proxy and its mode (from a KubeProxyConfiguration in whatever ConfigMap
 * holds it, or --proxy-mode), or what replaces it. Mode unknown when there is no evidence.
 * https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/
 */
import { type Cluster, flagOf, imageEvidence, imageTag } from '../../cluster/cluster.ts';
import { type Evidence, evidence, get, str } from '../../cluster/objects.ts';
import { type Detail, detail, type Finding } from '../findings.ts';
import { containersMatching, distinctWorkloads } from './match.ts';

/** kube-proxy itself. */
const KUBE_PROXY = { images: [/(^|\/)kube-proxy([:@]|$)/], command: /(^|\/)kube-proxy$/ } as const;

/** What can replace kube-proxy, and the setting that says it does (truthy values). */
const REPLACEMENTS: readonly {
  id: string;
  /** a ConfigMap key anywhere, or a flag of a container matching images */
  configKey?: string;
  flag?: string;
  images?: readonly RegExp[];
  /** a YAML config file in a ConfigMap key, and the path to a boolean in it */
  configFile?: { key: string; path: readonly string[] };
  truthy: RegExp;
}[] = [
  { id: 'cilium-kube-proxy-replacement', configKey: 'kube-proxy-replacement', truthy: /^(true|strict)$/i },
  { id: 'kube-router', flag: 'run-service-proxy', images: [/cloudnativelabs\/kube-router/], truthy: /^true$/i },
  { id: 'antrea', configFile: { key: 'antrea-agent.conf', path: ['antreaProxy', 'proxyAll'] }, truthy: /^true$/i },
];

export function detectServiceProxy(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  const kubeProxy = distinctWorkloads(
    cluster.containers.filter(
      (c) => KUBE_PROXY.images.some((re) => re.test(c.image)) || c.argv.some((a) => KUBE_PROXY.command.test(a.value)),
    ),
  );
  const configs = cluster.configEntries().filter((e) => /kind:\s*KubeProxyConfiguration|"kind":\s*"KubeProxyConfiguration"/.test(e.value));
  if (kubeProxy.length > 0 || configs.length > 0) {
    const ev: Evidence[] = kubeProxy.map(imageEvidence);
    const details: Detail[] = [];
    let mode: string | undefined;
    for (const c of kubeProxy) {
      const flag = flagOf(c, 'proxy-mode');
      if (flag && mode === undefined) {
        mode = flag.value;
        ev.push(evidence(c.object, flag.path, `--proxy-mode=${flag.value}`));
      }
    }
    for (const entry of configs) {
      const config = cluster.parseEntry(entry);
      const value = get(config, 'mode');
      if (value === undefined || mode !== undefined) continue;
      mode = str(value) ?? '';
      ev.push(evidence(entry.object, `${entry.path} → mode`, JSON.stringify(mode)));
      const cidr = str(get(config, 'clusterCIDR'));
      if (cidr) details.push(detail('podCidr', cidr));
    }
    if (mode === undefined) details.unshift(detail('mode', '', 'unknown'));
    else if (mode === '') details.unshift(detail('mode', '', 'notSet'));
    else details.unshift(detail('mode', mode));
    const tag = kubeProxy[0] ? imageTag(kubeProxy[0].image) : undefined;
    if (tag) details.push(detail('version', tag));
    findings.push({
      concern: 'service-proxy',
      id: 'kube-proxy',
      role: kubeProxy.length > 0 ? 'primary' : 'config-only',
      confidence: kubeProxy.length > 0 ? 'high' : 'medium',
      details,
      evidence: ev,
    });
  }
  for (const rule of REPLACEMENTS) {
    const ev: Evidence[] = [];
    let setting: string | undefined;
    if (rule.configKey) {
      for (const entry of cluster.config(rule.configKey)) {
        if (rule.truthy.test(entry.value.trim())) {
          setting = `${rule.configKey}=${entry.value.trim()}`;
          ev.push(evidence(entry.object, entry.path, entry.value.trim()));
        }
      }
    }
    if (rule.flag) {
      for (const c of containersMatching(cluster, rule.images ?? [])) {
        const flag = flagOf(c, rule.flag);
        if (flag && rule.truthy.test(flag.value)) {
          setting = `--${rule.flag}=${flag.value}`;
          ev.push(evidence(c.object, flag.path, setting));
        }
      }
    }
    if (rule.configFile) {
      for (const entry of cluster.config(rule.configFile.key)) {
        const value = str(get(cluster.parseEntry(entry), ...rule.configFile.path));
        if (value !== undefined && rule.truthy.test(value)) {
          setting = `${rule.configFile.path.join('.')}=${value}`;
          ev.push(evidence(entry.object, `${entry.path} → ${rule.configFile.path.join('.')}`, value));
        }
      }
    }
    if (setting === undefined) continue;
    findings.push({
      concern: 'service-proxy',
      id: rule.id,
      role: 'replacement',
      confidence: 'high',
      details: [detail('replacesKubeProxy', setting)],
      evidence: ev,
    });
  }
  return findings;
}
