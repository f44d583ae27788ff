/**
 * Template placeholders are not values. Manifests published as sed templates (`clusterIP: CLUSTER_DNS_IP`,
 * `$DNS_SERVER_IP`), NodeLocal DNSCache's `__PILLAR__DNS__SERVER__`, printf (`%s.dkr.ecr…`) and
 * unrendered Helm (`{{ .Values.x }}`) must be reported as placeholders, never taken for an IP.
 */
import { isIP } from 'node:net';

const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/, // shell / envsubst: $DNS_SERVER_IP, ${VAR}
  /__PILLAR__[A-Z0-9_]*__/, // Salt pillar, as in the NodeLocal DNSCache manifest
  /\{\{.*\}\}/, // Helm / Go templates
  /%[sdv]/, // printf
  /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/, // sed tokens: CLUSTER_DNS_IP, DNS_DOMAIN
];

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(value));
}

export function isCidr(value: string): boolean {
  const [ip, bits, ...rest] = value.split('/');
  if (rest.length > 0 || ip === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const version = isIP(ip);
  return version !== 0 && Number(bits) <= (version === 4 ? 32 : 128);
}

export { isIP };
