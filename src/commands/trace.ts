import { type Command, Option } from 'commander';
import { completeWith } from '../completion/hints.ts';
import { UsageError } from '../errors.ts';
import type { TraceOptions } from '../trace/compile.ts';
import {
  MESH_CHOICES,
  PROXY_MODES,
  type ProxyMode,
  TRACE_SCENARIOS,
  TRAFFIC_POLICIES,
  type TraceScenario,
  type TrafficPolicy,
} from '../trace/constants.ts';
import { enumArgument, enumOption } from './choices.ts';
import { addClusterInputOptions, type ClusterFlags, checkClusterInput } from './cluster-options.ts';
import { addCommonOptions, type CommandContext, type CommonOptions, catalogueFor, languageOf, present } from './context.ts';
import { addImageOptions, type ImageFlags } from './image-output.ts';

const FORMATS = ['table', 'markdown', 'json', 'yaml', 'mermaid'] as const;

interface TraceCommandOptions extends CommonOptions, ImageFlags, ClusterFlags {
  proxy?: ProxyMode;
  cni?: string;
  mesh?: string;
  ingress?: string;
  k8sVersion?: string;
  crossNode?: boolean;
  crossSubnet?: boolean;
  externalTrafficPolicy?: TrafficPolicy;
  nodelocal?: boolean;
  podCidr?: string;
  serviceCidr?: string;
  src?: string;
  dst?: string;
  cluster?: string[];
  from?: string;
  to?: string;
  endpoint?: string;
}

export function registerTrace(program: Command, context: CommandContext): void {
  const command = program
    .command('trace')
    .description('walk one packet (and its reply) hop by hop through a chosen stack: node, netns, device, component, OSI layer, addresses')
    .addArgument(enumArgument('<scenario>', 'what to trace', TRACE_SCENARIOS))
    .addOption(
      enumOption(
        '--proxy <mode>',
        "service proxy: kube-proxy's iptables, ipvs or nftables mode, ebpf (Cilium, Calico eBPF), antrea-proxy (Antrea's own, in OVS), kube-router-proxy (kube-router's own, IPVS), none (default: the CNI mode's first, e.g. iptables for flannel, antrea-proxy for antrea, kube-router-proxy for kube-router)",
        PROXY_MODES,
      ),
    )
    .addOption(
      completeWith(
        new Option(
          '--cni <id[:mode]>',
          'CNI plugin and mode, e.g. flannel:vxlan, calico:bgp, cilium:native-routing (default: flannel:vxlan)',
        ),
        { type: 'traced', what: 'cni' },
      ),
    )
    .addOption(
      completeWith(
        new Option(
          '--mesh <mesh>',
          `service mesh for the mesh scenario: ${MESH_CHOICES.join(', ')} (default: ${MESH_CHOICES[0]}); also istio, istio-ambient, istio-ambient:waypoint`,
        ),
        { type: 'traced', what: 'mesh' },
      ),
    )
    .addOption(
      completeWith(
        new Option('--ingress <id>', 'ingress controller or Gateway for the ingress scenario, e.g. ingress-nginx, envoy-gateway'),
        {
          type: 'traced',
          what: 'ingress',
        },
      ),
    )
    .option('--k8s-version <x.y>', 'Kubernetes version whose facts apply (default: 1.35)')
    .option('--cross-node', 'put the destination Pod on another node')
    .option('--cross-subnet', 'nodes in different L3 subnets (implies --cross-node)')
    .addOption(enumOption('--external-traffic-policy <policy>', 'for nodeport, loadbalancer, ingress (default: cluster)', TRAFFIC_POLICIES))
    .option('--nodelocal', 'dns: resolve through NodeLocal DNSCache')
    .option('--pod-cidr <cidr>', 'Pod CIDR of the example cluster (default: 10.244.0.0/16)')
    .option('--service-cidr <cidr>', 'Service CIDR of the example cluster (default: 10.96.0.0/12)')
    .option('--src <ip>', 'address of the client')
    .option('--dst <ip>', 'address the client sends to (Pod IP, ClusterIP or external IP)')
    .option('--cluster <paths...>', 'walk through your own cluster: its manifests or kubectl dumps (files, folders, - for stdin)');
  // --kubectl, --context, --request-timeout, -n/--namespace and --max-input-size as inspect and reach have them.
  addClusterInputOptions(command, 'with --kubectl: the namespace to read kinds you may not list cluster-wide')
    .option(
      '--from <ref>',
      'with --cluster: where the packet starts: [ns/][kind/]name or pod/NAME (a workload), or an IP for traffic from outside',
    )
    .option('--to <ref>', 'with --cluster: svc/[ns/]name[:port], [ns/][kind/]name[:port], or IP[:port]')
    .option('--endpoint <ip>', 'with --cluster: follow this endpoint of the Service instead of the first usable one');
  addImageOptions(addCommonOptions(command, FORMATS)).action(async (scenario: TraceScenario, options: TraceCommandOptions) => {
    // The walk compiler, its data and its strings load only when trace runs.
    const [{ traceTranslator }, { compileWalk }, { loadBuiltinTraces }, { buildTraceView, traceDocument, traceSequence }] =
      await Promise.all([
        import('../i18n/trace-messages.ts'),
        import('../trace/compile.ts'),
        import('../trace/load.ts'),
        import('../views/trace.ts'),
      ]);
    const lang = languageOf(context, options);
    const t = traceTranslator(lang);
    const catalogue = await catalogueFor(context, options);
    const traces = loadBuiltinTraces();
    // A spelling the walk data knows (istio:ambient, istio-ambient:waypoint) is taken as it is;
    // otherwise the id goes through the catalogue (aliases, "did you mean") and maps to the walk
    // data by id and mode. Any case: modes are lower-case ids.
    const choose = (
      text: string | undefined,
      kinds: readonly string[],
      flag: string,
      addon?: 'mesh' | 'ingress',
    ): { id: string; mode?: string } | undefined => {
      if (text === undefined) return undefined;
      const spelled = text.trim().toLowerCase();
      const known = traces.addons.find((a) => a.kind === addon && (`${a.id}:${a.mode}` === spelled || a.aliases.includes(spelled)));
      if (known) return known.mode === 'default' ? { id: known.id } : { id: known.id, mode: known.mode };
      const parts = spelled.split(':');
      const [name = '', mode] = parts;
      if (parts.length > 2 || mode === '')
        throw new UsageError(
          `${flag} ${text}: expected an id or id:mode, such as ${flag === '--cni' ? 'flannel:vxlan' : flag === '--mesh' ? 'istio:sidecar' : 'ingress-nginx'}`,
        );
      const entry = catalogue.resolve(name);
      if (!kinds.includes(entry.kind))
        throw new UsageError(`${flag} ${text}: "${entry.id}" is a ${entry.kind}, not a ${kinds.join(' or ')}`);
      return mode ? { id: entry.id, mode } : { id: entry.id };
    };
    const cni = choose(options.cni, ['cni-plugin'], '--cni');
    const mesh = choose(options.mesh, ['service-mesh'], '--mesh', 'mesh');
    const ingress = choose(options.ingress, ['ingress-controller', 'gateway-api'], '--ingress', 'ingress');
    const traceOptions: TraceOptions = {
      scenario,
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(cni ? { cni } : {}),
      ...(mesh ? { mesh } : {}),
      ...(ingress ? { ingress } : {}),
      ...(options.k8sVersion ? { k8sVersion: options.k8sVersion.replace(/^v/, '') } : {}),
      crossNode: options.crossNode ?? false,
      crossSubnet: options.crossSubnet ?? false,
      ...(options.externalTrafficPolicy ? { externalTrafficPolicy: options.externalTrafficPolicy } : {}),
      nodelocal: options.nodelocal ?? false,
      ...(options.podCidr ? { podCidr: options.podCidr } : {}),
      ...(options.serviceCidr ? { serviceCidr: options.serviceCidr } : {}),
      ...(options.src ? { src: options.src } : {}),
      ...(options.dst ? { dst: options.dst } : {}),
    };
    const clusterMode = options.cluster !== undefined || options.kubectl === true;
    checkClusterOptions(options, clusterMode);
    const data = traces;
    let view: ReturnType<typeof buildTraceView>;
    if (clusterMode) {
      const { traceCluster } = await import('./trace-cluster.ts');
      const result = await traceCluster(data, {
        paths: options.cluster ?? [],
        cwd: context.io.cwd,
        env: context.io.env,
        ...(options.kubectl ? { kubectl: true } : {}),
        ...(options.context ? { context: options.context } : {}),
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.requestTimeout !== undefined ? { requestTimeout: options.requestTimeout } : {}),
        ...(options.maxInputSize !== undefined ? { maxInputSize: options.maxInputSize } : {}),
        request: {
          scenario,
          ...(options.from ? { from: options.from } : {}),
          ...(options.to ? { to: options.to } : {}),
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.proxy ? { proxy: options.proxy } : {}),
          ...(cni ? { cni } : {}),
          ...(mesh ? { mesh } : {}),
          ...(ingress ? { ingress } : {}),
          ...(traceOptions.k8sVersion ? { k8sVersion: traceOptions.k8sVersion } : {}),
          ...(options.externalTrafficPolicy ? { externalTrafficPolicy: options.externalTrafficPolicy } : {}),
          ...(options.nodelocal ? { nodelocal: true } : {}),
          ...(options.crossNode ? { crossNode: true } : {}),
        },
      });
      for (const warning of result.warnings) context.io.stderr.write(`warning: ${warning}\n`);
      view = buildTraceView(compileWalk(data, result.binding.options), lang, t, result.view);
      // An option that contradicts the cluster is in the walk's notes, and said on stderr too.
      for (const note of view.notes)
        if (note.level === 'warning' && note.source === null) context.io.stderr.write(`warning: ${note.text}\n`);
    } else {
      view = buildTraceView(compileWalk(data, traceOptions), lang, t);
    }
    await present(context, options, FORMATS, {
      view,
      document: () => traceDocument(view, t),
      diagram: () => traceSequence(view, t).toString(),
    });
  });
  command.addHelpText(
    'after',
    `
Examples:
  $ k8snet trace pod-to-service --cluster dump/ --from web --to svc/shop/cart
  $ k8snet trace dns --kubectl --from shop/web --format markdown
  $ k8snet trace pod-to-service --cni flannel:vxlan --cross-node
  $ k8snet trace pod-to-service --proxy ipvs --cni calico:bgp --cross-node
  $ k8snet trace pod-to-service --cni cilium --proxy ebpf --cross-node
  # Antrea with AntreaProxy (its default), then with AntreaProxy disabled:
  $ k8snet trace pod-to-service --cni antrea --cross-node
  $ k8snet trace pod-to-service --cni antrea --proxy iptables
  # kube-router with its own IPVS Service proxy (its default):
  $ k8snet trace pod-to-service --cni kube-router --cross-node
  $ k8snet trace nodeport --external-traffic-policy local --lang zh
  $ k8snet trace dns --nodelocal --format mermaid > dns.mmd
  $ k8snet trace nodeport --external-traffic-policy local -o walk.svg
  $ k8snet trace mesh --mesh istio:ambient --cross-node --format json
  $ k8snet trace mesh --mesh istio:waypoint`,
  );
}

/** Options that only a walk through a real cluster takes, and those it replaces with the cluster's objects. */
function checkClusterOptions(options: TraceCommandOptions, clusterMode: boolean): void {
  if (options.cluster !== undefined && options.kubectl) throw new UsageError('give either --cluster files or --kubectl, not both');
  if (options.cluster !== undefined && options.cluster.length === 0) throw new UsageError('--cluster needs files, folders or - (stdin)');
  checkClusterInput(options.cluster ?? (options.kubectl ? [] : ['-']), options, 'trace', true);
  if (!clusterMode) {
    for (const [flag, value] of [
      ['--from', options.from],
      ['--to', options.to],
      ['--endpoint', options.endpoint],
      ['--max-input-size', options.maxInputSize],
    ] as const) {
      if (value !== undefined) throw new UsageError(`${flag} needs --cluster or --kubectl: it names an object of your cluster`);
    }
    return;
  }
  for (const [flag, value] of [
    ['--src', options.src],
    ['--dst', options.dst],
    ['--pod-cidr', options.podCidr],
    ['--service-cidr', options.serviceCidr],
    ['--cross-subnet', options.crossSubnet || undefined],
  ] as const) {
    if (value !== undefined)
      throw new UsageError(`${flag} does not apply with --cluster or --kubectl: the addresses come from your cluster's objects`);
  }
}
