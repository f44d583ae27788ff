/**
 * trace --cluster / --kubectl: read the objects through the one way in (cluster/load.ts), index
 * them once for inspect's detectors and the cluster model, and bind the walk to them.
 */
import type { TraceData } from '../catalogue/trace-schema.ts';
import { Cluster } from '../cluster/cluster.ts';
import { type ClusterInput, loadCluster } from '../cluster/load.ts';
import { parseYamlValue } from '../cluster/yaml-documents.ts';
import { UsageError } from '../errors.ts';
import { inspectCluster } from '../inspect/inspect.ts';
import { bindClusterWalk, type ClusterBinding, type ClusterTraceRequest } from '../trace/cluster/bind.ts';
import type { ClusterViewInput } from '../views/trace-cluster.ts';

export interface TraceClusterInput extends ClusterInput {
  readonly request: ClusterTraceRequest;
}

export async function traceCluster(
  data: TraceData,
  input: TraceClusterInput,
): Promise<{ binding: ClusterBinding; view: ClusterViewInput; warnings: readonly string[] }> {
  const read = await loadCluster(input);
  if (read.objects.length === 0) throw new UsageError('the cluster input has no Kubernetes objects');
  const cluster = new Cluster(read.objects, parseYamlValue);
  const binding = bindClusterWalk(data, cluster, inspectCluster(cluster), input.request);
  return {
    binding,
    view: {
      sources: read.sources,
      objects: read.objects.length,
      settings: binding.settings,
      endpoints: binding.endpoints,
      policyCount: binding.options.policy?.count ?? 0,
    },
    warnings: read.warnings,
  };
}
