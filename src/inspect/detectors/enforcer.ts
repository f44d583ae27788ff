/**
 * Policy enforcer: the component that turns policy objects into packet filters on each node, found
 * by the image of the container that does it, with the flags, ConfigMap keys, feature gates and
 * image flavours that switch each policy API on or off. Object names are never used. Input that
 * holds policies but no enforcer gets a finding too: nothing in it enforces them.
 *
 * What each project enforces is a catalogue fact (the entry's `policy`); this detector only reports
 * what the input shows. enforcement.ts puts the two together.
 */
import type { PolicyApi } from '../../catalogue/constants.ts';
import { type Cluster, type ConfigEntry, type ContainerRef, flagOf, imageEvidence, imageTag } from '../../cluster/cluster.ts';
import { type Evidence, evidence, get, str } from '../../cluster/objects.ts';
import { type Confidence, type Detail, detail, type Finding } from '../findings.ts';
import { distinctWorkloads } from './match.ts';
import { policyObjects } from './policy.ts';

/** What one switch reads from the input: on or off, what to show, and where it was read (nothing for a default). */
interface Reading {
  readonly on: boolean;
  readonly detail?: Detail;
  readonly evidence?: Evidence;
}
type Switch = (cluster: Cluster, agent: ContainerRef) => Reading | undefined;

/** A container that enforces: its image and, when one image runs several components, the command it runs. */
interface Agent {
  readonly image: RegExp;
  /** When the container states a command or args, they must match (the same image also runs OVS, the CNI server …). */
  readonly argv?: RegExp;
}

interface EnforcerRule {
  /** Catalogue id of the project; its `policy` facts say what it enforces. */
  readonly id: string;
  readonly agents: readonly Agent[];
  /** Images of an operator that deploys the agent: medium confidence alone. */
  readonly operatorImages?: readonly RegExp[];
  /** The images whose tag is the project's version, when it is not the agent's (the VPC CNI's agent has its own). */
  readonly versionImages?: readonly RegExp[];
  readonly switches?: Partial<Record<PolicyApi, Switch>>;
  /** More details read from the agent (the image flavour of kube-network-policies …). */
  readonly read?: (cluster: Cluster, agent: ContainerRef) => { details: Detail[]; evidence: Evidence[] };
  /** Confidence when no switch is set in the input: older kindnetd images enforce nothing. */
  readonly unconfirmed?: Confidence;
}

const FALSE = /^(false|f|0)$/i;

/** A boolean flag of the agent, with the default its source code gives it. */
function flag(name: string, byDefault: boolean): Switch {
  return (_cluster, agent) => {
    const found = flagOf(agent, name);
    if (!found) return { on: byDefault, detail: detail('setting', `--${name}=${byDefault}`, 'byDefault') };
    const text = `--${name}=${found.value}`;
    return { on: !FALSE.test(found.value), detail: detail('setting', text), evidence: evidence(agent.object, found.path, text) };
  };
}

/** A ConfigMap key, preferring the agent's namespace (names vary by installer). */
function configOf(cluster: Cluster, agent: ContainerRef, key: string): ConfigEntry | undefined {
  const entries = cluster.config(key);
  return entries.find((e) => e.object.namespace === agent.object.namespace) ?? entries[0];
}

/** Cilium's policy enforcement mode, default, always or never: the agent's flag or its ConfigMap key. */
const ciliumPolicyMode: Switch = (cluster, agent) => {
  const flagged = flagOf(agent, 'enable-policy');
  const entry = flagged ? undefined : configOf(cluster, agent, 'enable-policy');
  const value = flagged?.value ?? entry?.value;
  if (value === undefined) return { on: true, detail: detail('setting', 'enable-policy=default', 'byDefault') };
  const text = `enable-policy=${value}`;
  const where = flagged ? evidence(agent.object, flagged.path, text) : entry ? evidence(entry.object, entry.path, value) : undefined;
  return { on: value.toLowerCase() !== 'never', detail: detail('setting', text), ...(where ? { evidence: where } : {}) };
};

/** An Antrea feature gate of antrea-controller.conf (off by default); unknown when the input lacks the file. */
function antreaGate(gate: string): Switch {
  return (cluster, agent) => {
    const entry = configOf(cluster, agent, 'antrea-controller.conf');
    if (!entry) return undefined;
    const value = str(get(cluster.parseEntry(entry), 'featureGates', gate));
    if (value === undefined) return { on: false, detail: detail('setting', `featureGates.${gate}=false`, 'byDefault') };
    return {
      on: value === 'true',
      detail: detail('setting', `featureGates.${gate}=${value}`),
      evidence: evidence(entry.object, `${entry.path} → featureGates.${gate}`, value),
    };
  };
}

/** kube-network-policies' image flavours (tag suffixes) since v0.9.0; "standard" for a plain version tag. */
const KNP_FLAVOUR = /-(npa-v1alpha1|npa-v1alpha2|iptracker)$/;

function knpFlavour(agent: ContainerRef): string | undefined {
  const tag = imageTag(agent.image);
  return tag === undefined ? undefined : (KNP_FLAVOUR.exec(tag)?.[1] ?? 'standard');
}

/** The admin policy API of one flavour; before v0.9.0 one image took flags instead. */
function knpApi(flavour: string, legacyFlags: readonly string[]): Switch {
  return (_cluster, agent) => {
    for (const name of legacyFlags) {
      const found = flagOf(agent, name);
      const text = `--${name}=${found?.value}`;
      if (found && !FALSE.test(found.value))
        return { on: true, detail: detail('setting', text), evidence: evidence(agent.object, found.path, text) };
    }
    const actual = knpFlavour(agent);
    return actual === undefined ? undefined : { on: actual === flavour };
  };
}

export const ENFORCER_RULES: readonly EnforcerRule[] = [
  {
    id: 'calico',
    // Felix runs in calico-node (the newer single calico/calico image runs it as "calico component node").
    agents: [{ image: /calico\/node([:@]|$)/ }, { image: /calico\/calico([:@]|$)/, argv: /component\s+node(\s|$)/ }],
    operatorImages: [/tigera\/operator([:@]|$)/],
  },
  { id: 'cilium', agents: [{ image: /cilium\/cilium([:@]|$)/ }], switches: { networkPolicy: ciliumPolicyMode } },
  {
    id: 'antrea',
    agents: [
      { image: /antrea\/antrea-agent(-[a-z0-9]+)?([:@]|$)/, argv: /(^|[\s/])antrea-agent(\s|$)/ },
      { image: /antrea\/antrea-(ubuntu|photon)([:@]|$)/, argv: /(^|[\s/])antrea-agent(\s|$)/ },
    ],
    switches: { adminNetworkPolicy: antreaGate('AdminNetworkPolicy'), clusterNetworkPolicy: antreaGate('ClusterNetworkPolicy') },
  },
  {
    id: 'kube-router',
    agents: [{ image: /cloudnativelabs\/kube-router([:@]|$)/ }],
    switches: { networkPolicy: flag('run-firewall', true) },
  },
  {
    id: 'kube-network-policies',
    agents: [{ image: /(^|\/)kube-network-policies([:@]|$)/ }],
    switches: {
      adminNetworkPolicy: knpApi('npa-v1alpha1', ['admin-network-policy', 'baseline-admin-network-policy']),
      clusterNetworkPolicy: knpApi('npa-v1alpha2', []),
    },
    read: (_cluster, agent) => {
      const flavour = knpFlavour(agent);
      return flavour ? { details: [detail('mode', flavour)], evidence: [] } : { details: [], evidence: [] };
    },
  },
  {
    id: 'aws-vpc-cni',
    agents: [{ image: /aws-network-policy-agent([:@]|$)/ }],
    versionImages: [/amazon-k8s-cni([:@]|$)/, /amazon\/aws-k8s-cni([:@]|$)/],
    switches: { networkPolicy: flag('enable-network-policy', false) },
    // The VPC CNI's own switch for the policy controller, shown as read (on EKS the controller runs in the control plane).
    read: (cluster, agent) => {
      const entry = configOf(cluster, agent, 'enable-network-policy-controller');
      return entry
        ? {
            details: [detail('setting', `enable-network-policy-controller=${entry.value}`)],
            evidence: [evidence(entry.object, entry.path, entry.value)],
          }
        : { details: [], evidence: [] };
    },
  },
  { id: 'weave-net', agents: [{ image: /(^|\/)weave-npc([:@]|$)/ }] },
  {
    id: 'kube-ovn',
    agents: [{ image: /kubeovn\/kube-ovn([:@]|$)/, argv: /start-controller\.sh|(^|[\s/])kube-ovn-controller(\s|$)/ }],
    switches: { networkPolicy: flag('enable-np', true), adminNetworkPolicy: flag('enable-anp', false) },
  },
  {
    id: 'kindnet',
    agents: [{ image: /kindnetd([:@]|$)/ }],
    switches: { networkPolicy: flag('network-policy', true) },
    unconfirmed: 'low',
  },
];

function agentsOf(cluster: Cluster, agents: readonly Agent[]): ContainerRef[] {
  return cluster.containers.filter(
    (c) =>
      (!c.init || c.nativeSidecar) &&
      agents.some(
        (a) => a.image.test(c.image) && (a.argv === undefined || c.argv.length === 0 || a.argv.test(c.argv.map((x) => x.value).join(' '))),
      ),
  );
}

export function detectPolicyEnforcer(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  for (const rule of ENFORCER_RULES) {
    const agents = agentsOf(cluster, rule.agents);
    const operators = agents.length === 0 ? cluster.containers.filter((c) => rule.operatorImages?.some((re) => re.test(c.image))) : [];
    const first = agents[0];
    if (!first && operators.length === 0) continue;
    const details: Detail[] = [];
    const ev: Evidence[] = distinctWorkloads([...agents, ...operators]).map(imageEvidence);
    const policyApis: Partial<Record<PolicyApi, boolean>> = {};
    let confirmed = false;
    if (first) {
      for (const [api, read] of Object.entries(rule.switches ?? {}) as [PolicyApi, Switch][]) {
        const reading = read(cluster, first);
        if (!reading) continue;
        policyApis[api] = reading.on;
        if (reading.detail && !details.some((d) => d.key === reading.detail?.key && d.value === reading.detail.value))
          details.push(reading.detail);
        if (reading.evidence) {
          ev.push(reading.evidence);
          confirmed = true;
        }
      }
      const extra = rule.read?.(cluster, first);
      if (extra) {
        details.push(...extra.details);
        ev.push(...extra.evidence);
      }
    } else details.push(detail('mode', 'operator'));
    const versionSource = rule.versionImages
      ? cluster.containers.find((c) => rule.versionImages?.some((re) => re.test(c.image)))
      : (first ?? operators[0]);
    const tag = versionSource ? imageTag(versionSource.image) : undefined;
    if (tag) details.push(detail('version', tag));
    const confidence: Confidence = !first ? 'medium' : rule.unconfirmed && !confirmed ? rule.unconfirmed : 'high';
    findings.push({
      concern: 'policy-enforcer',
      id: rule.id,
      role: policyApis.networkPolicy === false ? 'disabled' : 'primary',
      confidence,
      details,
      evidence: ev,
      policyApis,
    });
  }
  if (findings.length > 0) return findings;
  // Policies, and nothing in the input that enforces them: the view adds what the CNI found does, per the catalogue.
  const policies = policyObjects(cluster);
  if (policies.length === 0) return [];
  return [
    {
      concern: 'policy-enforcer',
      id: 'network-policy',
      role: 'unknown',
      confidence: 'low',
      details: [],
      evidence: policies.slice(0, 3).map((o) => evidence(o, 'apiVersion', o.apiVersion)),
    },
  ];
}
