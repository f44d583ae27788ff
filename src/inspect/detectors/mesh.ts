/**
 * Service meshes: control planes, injected sidecars (also native sidecars: init containers with
 * restartPolicy: Always, KEP-753), opt-in annotations, CNI node agents and ambient mode.
 * https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
import type { Cluster, ContainerRef } from '../../cluster/cluster.ts';
import { imageEvidence, imageTag, podAnnotations, podTemplatePath } from '../../cluster/cluster.ts';
import { arr, type Evidence, evidence, get, type KObject, str } from '../../cluster/objects.ts';
import { type Confidence, type Detail, detail, type Finding } from '../findings.ts';
import { containersMatching, crdEvidence, distinctWorkloads } from './match.ts';

interface MeshRule {
  readonly id: string;
  readonly controlPlaneImages: readonly RegExp[];
  /** Names of the injected proxy container. */
  readonly sidecarNames: readonly string[];
  readonly cniImages: readonly RegExp[];
  /** Pod annotations that opt a workload in (value "true" / "enabled"). */
  readonly injectAnnotations: readonly string[];
  /** Namespace labels that opt a namespace in (key=value). */
  readonly namespaceLabels: readonly string[];
  /** MutatingWebhookConfiguration webhook names. */
  readonly webhooks: readonly RegExp[];
  readonly crdGroups: readonly string[];
}

export const MESH_RULES: readonly MeshRule[] = [
  {
    id: 'istio',
    controlPlaneImages: [/(^|\/)pilot([:@]|$)/, /istio\/pilot/],
    sidecarNames: ['istio-proxy'],
    cniImages: [/(^|\/)install-cni([:@]|$)/],
    injectAnnotations: ['sidecar.istio.io/status', 'sidecar.istio.io/inject'],
    namespaceLabels: ['istio-injection=enabled'],
    webhooks: [/sidecar-injector\.istio\.io$/],
    crdGroups: ['networking.istio.io', 'security.istio.io'],
  },
  {
    id: 'istio-ambient',
    controlPlaneImages: [/(^|\/)ztunnel([:@]|$)/],
    sidecarNames: [],
    cniImages: [],
    injectAnnotations: [],
    namespaceLabels: ['istio.io/dataplane-mode=ambient'],
    webhooks: [],
    crdGroups: [],
  },
  {
    id: 'linkerd',
    controlPlaneImages: [/linkerd\/controller([:@]|$)/, /linkerd\/policy-controller([:@]|$)/, /linkerd2-controller/],
    sidecarNames: ['linkerd-proxy'],
    cniImages: [/linkerd\/cni-plugin([:@]|$)/, /linkerd2-cni/],
    injectAnnotations: ['linkerd.io/inject'],
    namespaceLabels: [],
    webhooks: [/linkerd-proxy-injector/],
    crdGroups: ['linkerd.io', 'policy.linkerd.io'],
  },
  {
    id: 'consul',
    controlPlaneImages: [/hashicorp\/consul(-enterprise)?([:@]|$)/, /hashicorp\/consul-k8s-control-plane/],
    sidecarNames: ['consul-dataplane', 'envoy-sidecar'],
    cniImages: [],
    injectAnnotations: ['consul.hashicorp.com/connect-inject'],
    namespaceLabels: [],
    webhooks: [/consul-connect-injector|connect-injector\.consul/],
    crdGroups: ['consul.hashicorp.com'],
  },
  {
    id: 'kuma',
    controlPlaneImages: [/kumahq\/kuma-cp([:@]|$)/],
    sidecarNames: ['kuma-sidecar'],
    cniImages: [/kumahq\/kuma-cni/],
    injectAnnotations: ['kuma.io/sidecar-injection'],
    namespaceLabels: ['kuma.io/sidecar-injection=enabled'],
    webhooks: [/kuma-admission-mutating/],
    crdGroups: ['kuma.io'],
  },
];

/** Images of meshes' CNI node agents: the CNI detector must not take them for the primary CNI. */
export const MESH_CNI_IMAGES: readonly RegExp[] = MESH_RULES.flatMap((r) => r.cniImages);

const OPT_IN = /^(true|enabled|yes)$/i;

export function detectMesh(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  for (const rule of MESH_RULES) {
    const control = distinctWorkloads(containersMatching(cluster, rule.controlPlaneImages));
    const cni = distinctWorkloads(containersMatching(cluster, rule.cniImages));
    const sidecars = cluster.containers.filter((c) => rule.sidecarNames.includes(c.name) && (!c.init || c.nativeSidecar));
    const sidecarWorkloads = distinctWorkloads(sidecars);
    const native = sidecarWorkloads.filter((c) => c.nativeSidecar);
    const optIns: { object: KObject; path: string; value: string }[] = [];
    for (const object of cluster.ofKind('Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Job', 'CronJob')) {
      const annotations = podAnnotations(object);
      for (const key of rule.injectAnnotations) {
        const value = annotations[key];
        if (value !== undefined && (OPT_IN.test(value) || key.endsWith('/status'))) {
          optIns.push({
            object,
            path: `${podTemplatePath(object.kind) ? `${podTemplatePath(object.kind)}.` : ''}metadata.annotations["${key}"]`,
            value: key.endsWith('/status') ? 'injected' : value,
          });
          break;
        }
      }
    }
    for (const ns of cluster.ofKind('Namespace')) {
      for (const pair of rule.namespaceLabels) {
        const [key = '', value] = pair.split('=');
        if (ns.labels[key] === value) optIns.push({ object: ns, path: `metadata.labels["${key}"]`, value: value ?? '' });
      }
    }
    const webhooks: Evidence[] = [];
    for (const cfg of cluster.ofKind('MutatingWebhookConfiguration')) {
      arr(get(cfg.raw, 'webhooks')).forEach((w, i) => {
        const name = str(get(w, 'name')) ?? '';
        if (rule.webhooks.some((re) => re.test(name))) webhooks.push(evidence(cfg, `webhooks[${i}].name`, name));
      });
    }
    const crds = crdEvidence(cluster, rule.crdGroups);
    const configs = cluster.objects.filter(
      (o) => o.kind !== 'CustomResourceDefinition' && rule.crdGroups.some((g) => o.apiVersion.startsWith(`${g}/`)),
    );
    if (control.length + cni.length + sidecarWorkloads.length + optIns.length + webhooks.length + crds.length + configs.length === 0)
      continue;
    const ev: Evidence[] = [
      ...control.map(imageEvidence),
      ...cni.map(imageEvidence),
      ...sidecarWorkloads.slice(0, 5).map((c: ContainerRef) => evidence(c.object, `${c.path}.name`, c.name)),
      ...optIns.slice(0, 5).map((o) => evidence(o.object, o.path, o.value)),
      ...webhooks.slice(0, 2),
      ...configs.slice(0, 2).map((o) => evidence(o, 'apiVersion', o.apiVersion)),
      ...(control.length === 0 ? crds : []),
    ];
    const details: Detail[] = [];
    if (sidecarWorkloads.length > 0) details.push(detail('sidecars', String(sidecarWorkloads.length)));
    if (native.length > 0) details.push(detail('nativeSidecars', String(native.length)));
    if (optIns.length > 0) details.push(detail('injection', String(optIns.length)));
    if (cni.length > 0)
      details.push(detail('cniAgent', cni.map((c) => `${c.object.kind} ${c.object.namespace ?? ''}/${c.object.name}`).join(', ')));
    const tag = control[0] ? imageTag(control[0].image) : undefined;
    if (tag) details.push(detail('version', tag));
    const confidence: Confidence =
      control.length > 0 || sidecarWorkloads.length > 0 || cni.length > 0
        ? 'high'
        : webhooks.length + optIns.length + configs.length > 0
          ? 'medium'
          : 'low';
    const role =
      control.length > 0 ? 'control-plane' : sidecarWorkloads.length + cni.length + optIns.length > 0 ? 'data-plane' : 'config-only';
    findings.push({ concern: 'service-mesh', id: rule.id, role, confidence, details, evidence: ev });
  }
  return findings;
}
