/**
 * Names the kernel and kube-proxy give to things, computed the way they compute them, so that a
 * walk shows the chain a reader would find with `iptables-save` or `nft list table ip kube-proxy`.
 */
import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function hash(text: string, length: number): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, length);
}

export interface ServicePort {
  namespace: string;
  name: string;
  portName: string;
  protocol: 'tcp' | 'udp';
}

/** kube-proxy's ServicePortName.String(): "ns/name:port". */
function servicePortName(s: ServicePort): string {
  return `${s.namespace}/${s.name}${s.portName ? `:${s.portName}` : ''}`;
}

/**
 * iptables chains: prefix + base32(sha256(servicePortName + protocol [+ endpoint]))[:16].
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go (portProtoHash)
 */
export function iptablesChains(s: ServicePort, endpoint: string): { svc: string; svl: string; ext: string; fw: string; sep: string } {
  const h = hash(servicePortName(s) + s.protocol, 16);
  return {
    svc: `KUBE-SVC-${h}`,
    svl: `KUBE-SVL-${h}`,
    ext: `KUBE-EXT-${h}`,
    fw: `KUBE-FW-${h}`,
    sep: `KUBE-SEP-${hash(servicePortName(s) + s.protocol + endpoint, 16)}`,
  };
}

/**
 * nftables chains: prefix + base32(sha256(…))[:8] + "-ns/name/proto/port" (+ "__ip/port").
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/nftables/proxier.go (servicePortChainNameBase)
 */
export function nftablesChains(s: ServicePort, endpoint: string): { svc: string; local: string; ext: string; ep: string } {
  const suffix = `${s.namespace}/${s.name}/${s.protocol}/${s.portName}`;
  const base = `${hash(servicePortName(s) + s.protocol, 8)}-${suffix}`;
  const [ip, port] = endpoint.split(':');
  return {
    svc: `service-${base}`,
    local: `local-${base}`,
    ext: `external-${base}`,
    ep: `endpoint-${hash(servicePortName(s) + s.protocol + endpoint, 8)}-${suffix}__${ip}/${port}`,
  };
}

/** An example host-side veth name: the plugin's prefix and a stable hex suffix (real ones are hashes too). */
export function vethName(prefix: string, podIp: string): string {
  const hex = createHash('sha1').update(podIp).digest('hex');
  return `${prefix}${hex.slice(0, 15 - prefix.length)}`;
}

/**
 * The host-side interface name Calico and the Amazon VPC CNI give a Pod: the prefix (cali, eni) and
 * the first 11 hex digits of sha1("<namespace>.<pod name>"), so it can be computed from the Pod.
 * https://github.com/projectcalico/calico/blob/master/libcalico-go/lib/backend/k8s/conversion/conversion.go (VethNameForWorkload)
 * https://github.com/aws/amazon-vpc-cni-k8s/blob/master/cmd/routed-eni-cni-plugin/cni.go (GeneratePodHostVethName)
 */
export function podVethName(prefix: string, namespace: string, pod: string): string {
  return `${prefix}${createHash('sha1').update(`${namespace}.${pod}`).digest('hex').slice(0, 11)}`;
}
