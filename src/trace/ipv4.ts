/**
 * The little IPv4 arithmetic the example cluster needs: parse a CIDR, add an offset, mask.
 */
import { UsageError } from '../errors.ts';

export interface Cidr {
  base: number;
  prefix: number;
}

export function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function parseCidr(text: string, option: string): Cidr {
  const [ip, prefixText] = text.split('/');
  const base = ip === undefined ? undefined : parseIp(ip);
  const prefix = Number(prefixText);
  if (base === undefined || prefixText === undefined || !/^\d{1,2}$/.test(prefixText) || prefix > 32) {
    throw new UsageError(`${option} "${text}" is not an IPv4 CIDR such as 10.244.0.0/16`);
  }
  return { base: maskIp(base, prefix), prefix };
}

export function maskIp(value: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return value - (value % size);
}

export function inCidr(value: number, cidr: Cidr): boolean {
  return maskIp(value, cidr.prefix) === cidr.base;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.prefix}`;
}

/** The address `offset` places into the CIDR; the CIDR must be large enough. */
export function offsetIp(cidr: Cidr, offset: number, option: string): number {
  if (offset >= 2 ** (32 - cidr.prefix)) {
    throw new UsageError(
      `${option} ${formatCidr(cidr)} is too small for the example cluster; use a /${32 - Math.ceil(Math.log2(offset + 1))} or larger`,
    );
  }
  return cidr.base + offset;
}

/** The first and last address of a CIDR: its network and broadcast addresses. */
export function networkAndBroadcast(cidr: Cidr): { network: number; broadcast: number } {
  return { network: cidr.base, broadcast: cidr.base + 2 ** (32 - cidr.prefix) - 1 };
}

/**
 * Why an address can be no host's own (source or destination of a unicast connection), or
 * undefined: "this network" 0.0.0.0/8, loopback 127.0.0.0/8, multicast 224.0.0.0/4, and the
 * reserved 240.0.0.0/4 with the limited broadcast 255.255.255.255.
 * https://www.rfc-editor.org/rfc/rfc6890#section-2.2.2
 */
export function notAHost(ip: number): string | undefined {
  const first = Math.floor(ip / 2 ** 24);
  if (first === 0) return 'is in 0.0.0.0/8 ("this network"), which is no host';
  if (first === 127) return 'is a loopback address (127.0.0.0/8), which never leaves a host';
  if (first >= 224 && first <= 239) return 'is a multicast address (224.0.0.0/4), not one host';
  if (ip === 2 ** 32 - 1) return 'is the limited broadcast address, not one host';
  if (first >= 240) return 'is in the reserved 240.0.0.0/4, which is no host';
  return undefined;
}
