/**
 * Ingress controllers (by image, IngressClass controller name, CRDs) and Gateway API classes,
 * gateways and routes with the implementation that serves each class. Controller names not in the
 * table are reported as unknown, with the name.
 * https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
 * https://gateway-api.sigs.k8s.io/api-types/gatewayclass/
 */
import { type Cluster, flagOf, imageEvidence, imageTag } from '../../cluster/cluster.ts';
import { type Evidence, evidence, get, type KObject, labelMapOf, str } from '../../cluster/objects.ts';
import { type Confidence, type Detail, detail, type Finding } from '../findings.ts';
import { containersMatching, crdEvidence, distinctWorkloads } from './match.ts';

interface EdgeRule {
  readonly id: string;
  readonly images: readonly RegExp[];
  /** Pod labels (key=value) that mark the controller when the image is generic (Istio's proxyv2). */
  readonly podLabels?: readonly string[];
  /** IngressClass spec.controller values. */
  readonly ingressControllers: readonly string[];
  /** GatewayClass spec.controllerName values. */
  readonly gatewayControllers: readonly string[];
  readonly crdGroups?: readonly string[];
  /** Flags of the controller to report (the class it serves). */
  readonly flags?: readonly string[];
  /**
   * For a controller that picks its IngressClass by name rather than by spec.controller: the
   * flag that names the class, and the name it serves without the flag.
   */
  readonly ingressClassByName?: { readonly flag: string; readonly defaultName: string };
}

export const EDGE_RULES: readonly EdgeRule[] = [
  {
    id: 'ingress-nginx',
    images: [/ingress-nginx\/controller([:@]|$)/],
    ingressControllers: ['k8s.io/ingress-nginx'],
    gatewayControllers: [],
    flags: ['controller-class', 'ingress-class'],
  },
  {
    id: 'traefik',
    images: [/(^|\/)traefik([:@]|$)/],
    ingressControllers: ['traefik.io/ingress-controller'],
    gatewayControllers: ['traefik.io/gateway-controller'],
    crdGroups: ['traefik.io', 'traefik.containo.us'],
    flags: ['providers.kubernetesingress.ingressclass'],
  },
  {
    id: 'haproxy-ingress',
    images: [/haproxytech\/kubernetes-ingress([:@]|$)/, /jcmoraisjr\/haproxy-ingress([:@]|$)/],
    ingressControllers: ['haproxy.org/ingress-controller/haproxy', 'haproxy-ingress.github.io/controller'],
    gatewayControllers: [],
    flags: ['ingress.class', 'configmap'],
  },
  {
    id: 'contour',
    images: [/projectcontour\/contour([:@]|$)/],
    // Contour ignores spec.controller (https://projectcontour.io/docs/main/config/ingress/): it serves
    // the class named by --ingress-class-name, or "contour". The controller string is a convention.
    ingressControllers: ['projectcontour.io/ingress-controller'],
    gatewayControllers: ['projectcontour.io/gateway-controller'],
    crdGroups: ['projectcontour.io'],
    flags: ['ingress-class-name'],
    ingressClassByName: { flag: 'ingress-class-name', defaultName: 'contour' },
  },
  {
    id: 'envoy-gateway',
    images: [/envoyproxy\/gateway([:@]|$)/],
    ingressControllers: [],
    gatewayControllers: ['gateway.envoyproxy.io/gatewayclass-controller'],
    crdGroups: ['gateway.envoyproxy.io'],
  },
  {
    id: 'istio-gateway',
    images: [],
    podLabels: ['istio=ingressgateway'],
    ingressControllers: ['istio.io/ingress-controller'],
    gatewayControllers: ['istio.io/gateway-controller'],
  },
  {
    id: 'cilium',
    images: [],
    ingressControllers: ['cilium.io/ingress-controller'],
    gatewayControllers: ['io.cilium/gateway-controller'],
  },
];

const GATEWAY_GROUP = 'gateway.networking.k8s.io/';
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

export function detectIngress(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  const ingressClasses = cluster.ofKind('IngressClass');
  const ingresses = cluster.ofKind('Ingress');
  const claimedClasses = new Set<KObject>();
  for (const rule of EDGE_RULES) {
    const byImage = containersMatching(cluster, rule.images);
    const byLabel = rule.podLabels
      ? cluster.containers.filter((c) => !c.init && rule.podLabels?.some((pair) => pairMatches(pair, labelsOfWorkload(c.object))))
      : [];
    const workloads = distinctWorkloads([...byImage, ...byLabel]);
    const byName = rule.ingressClassByName;
    // The flag's values where a container sets it (Contour's own pods also run its image without it).
    const named = byName ? workloads.flatMap((c) => flagOf(c, byName.flag)?.value ?? []) : [];
    const servedNames = byName && workloads.length > 0 ? (named.length > 0 ? named : [byName.defaultName]) : [];
    const namedOnly = (ic: KObject): boolean => !rule.ingressControllers.includes(str(get(ic.raw, 'spec', 'controller')) ?? '');
    const classes = ingressClasses.filter((ic) => !namedOnly(ic) || servedNames.includes(ic.name));
    const crds = workloads.length === 0 ? crdEvidence(cluster, rule.crdGroups ?? []) : [];
    // Cilium is found by the CNI detector; here only when it serves an IngressClass.
    if (workloads.length + classes.length + crds.length === 0 || (rule.images.length === 0 && !rule.podLabels && classes.length === 0))
      continue;
    for (const ic of classes) claimedClasses.add(ic);
    const ev: Evidence[] = workloads.map(imageEvidence);
    const details: Detail[] = [];
    for (const c of workloads) {
      for (const flag of rule.flags ?? []) {
        const found = flagOf(c, flag);
        if (found) {
          details.push(detail('setting', `--${flag}=${found.value}`));
          ev.push(evidence(c.object, found.path, `--${flag}=${found.value}`));
        }
      }
    }
    if (classes.length > 0) {
      details.push(detail('ingressClass', classes.map((c) => c.name).join(', ')));
      for (const ic of classes)
        ev.push(
          namedOnly(ic) ? evidence(ic, 'metadata.name', ic.name) : evidence(ic, 'spec.controller', str(get(ic.raw, 'spec', 'controller'))),
        );
      const served = ingresses.filter((ing) => classes.some((c) => c.name === ingressClassOf(ing)));
      if (served.length > 0) details.push(detail('ingresses', String(served.length)));
    }
    const tag = byImage[0] ? imageTag(byImage[0].image) : undefined;
    if (tag) details.push(detail('version', tag));
    ev.push(...crds);
    const confidence: Confidence = workloads.length > 0 ? 'high' : classes.length > 0 ? 'medium' : 'low';
    const role = workloads.length > 0 ? 'primary' : 'config-only';
    if (workloads.length > 0 || classes.length > 0 || crds.length > 0)
      findings.push({ concern: 'ingress', id: rule.id, role, confidence, details, evidence: ev });
  }
  for (const ic of ingressClasses) {
    if (claimedClasses.has(ic)) continue;
    const controller = str(get(ic.raw, 'spec', 'controller')) ?? '';
    const served = ingresses.filter((ing) => ingressClassOf(ing) === ic.name);
    findings.push({
      concern: 'ingress',
      id: 'ingress',
      role: 'unknown',
      label: controller || ic.name,
      confidence: 'medium',
      details: [
        detail('controllerName', controller),
        detail('ingressClass', ic.name),
        ...(served.length > 0 ? [detail('ingresses', String(served.length))] : []),
      ],
      evidence: [evidence(ic, 'spec.controller', controller)],
    });
  }
  findings.push(...detectGatewayApi(cluster));
  return findings;
}

function detectGatewayApi(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  const classes = cluster.ofKind('GatewayClass').filter((o) => o.apiVersion.startsWith(GATEWAY_GROUP));
  const gateways = cluster.ofKind('Gateway').filter((o) => o.apiVersion.startsWith(GATEWAY_GROUP));
  const routes = cluster.ofKind(...ROUTE_KINDS).filter((o) => o.apiVersion.startsWith(GATEWAY_GROUP));
  const classed = new Set<KObject>();
  for (const gc of classes) {
    const controller = str(get(gc.raw, 'spec', 'controllerName')) ?? '';
    const rule = EDGE_RULES.find((r) => r.gatewayControllers.includes(controller));
    const itsGateways = gateways.filter((g) => str(get(g.raw, 'spec', 'gatewayClassName')) === gc.name);
    for (const g of itsGateways) classed.add(g);
    const itsRoutes = routes.filter((r) => itsGateways.some((g) => routeAttaches(r, g)));
    const details: Detail[] = [detail('gatewayClass', gc.name), detail('controllerName', controller)];
    if (itsGateways.length > 0)
      details.push(detail('gateways', itsGateways.map((g) => `${g.namespace ?? 'default'}/${g.name}`).join(', ')));
    if (itsRoutes.length > 0) details.push(detail('routes', String(itsRoutes.length)));
    findings.push({
      concern: 'gateway-api',
      id: rule?.id ?? 'gateway-api',
      role: rule ? 'primary' : 'unknown',
      ...(rule ? {} : { label: controller }),
      confidence: rule ? 'high' : 'medium',
      details,
      evidence: [
        evidence(gc, 'spec.controllerName', controller),
        ...itsGateways.slice(0, 3).map((g) => evidence(g, 'spec.gatewayClassName', gc.name)),
      ],
    });
  }
  const orphans = gateways.filter((g) => !classed.has(g));
  if (orphans.length > 0 || (classes.length === 0 && routes.length > 0)) {
    findings.push({
      concern: 'gateway-api',
      id: 'gateway-api',
      role: 'unknown',
      confidence: 'low',
      details: [
        ...(orphans.length > 0 ? [detail('gateways', orphans.map((g) => `${g.namespace ?? 'default'}/${g.name}`).join(', '))] : []),
        ...(routes.length > 0 ? [detail('routes', String(routes.length))] : []),
        detail('gatewayClass', '', 'notStated'),
      ],
      evidence: [
        ...orphans.slice(0, 3).map((g) => evidence(g, 'spec.gatewayClassName', str(get(g.raw, 'spec', 'gatewayClassName')) ?? '')),
        ...routes.slice(0, 2).map((r) => evidence(r, 'spec.parentRefs')),
      ],
    });
  }
  return findings;
}

export function ingressClassOf(ingress: KObject): string | undefined {
  return str(get(ingress.raw, 'spec', 'ingressClassName')) ?? ingress.annotations['kubernetes.io/ingress.class'];
}

/** A route attaches to a Gateway named in its parentRefs (namespace defaults to the route's). */
export function routeAttaches(route: KObject, gateway: KObject): boolean {
  const refs = get(route.raw, 'spec', 'parentRefs');
  if (!Array.isArray(refs)) return false;
  return refs.some((ref) => {
    const kind = str(get(ref, 'kind')) ?? 'Gateway';
    const ns = str(get(ref, 'namespace')) ?? route.namespace;
    return kind === 'Gateway' && str(get(ref, 'name')) === gateway.name && (ns ?? 'default') === (gateway.namespace ?? 'default');
  });
}

function labelsOfWorkload(object: KObject): Readonly<Record<string, string>> {
  const template = get(object.raw, 'spec', 'template', 'metadata', 'labels');
  return object.kind === 'Pod' || !template ? object.labels : labelMapOf(template);
}

function pairMatches(pair: string, labels: Readonly<Record<string, string>>): boolean {
  const [key = '', value] = pair.split('=');
  return labels[key] === value;
}
