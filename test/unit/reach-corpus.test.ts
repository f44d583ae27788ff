/**
 * Every case of netpol-analyzer's corpus (../shared/corpus/netpol): `--format connlist` gives the
 * same connections as the expected file, compared as sets with external ranges expanded; and for
 * the six cases with an explanation, `--from/--to` names the same policies and rules per pair.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/policy/index.ts';
import { reachConnlist } from '../../src/views/reach.ts';
import { differences } from '../helpers/connlist.ts';
import { NETPOL_CORPUS } from '../helpers/emitted-mermaid.ts';
import { objectsFromFiles, reachOf } from './reach-helpers.ts';

const present = existsSync(join(NETPOL_CORPUS, 'README.md'));
const cases = present ? readdirSync(join(NETPOL_CORPUS, 'cases')).sort() : [];

describe.skipIf(!present)('reach on the netpol-analyzer corpus', () => {
  it('has its 47 cases', () => {
    expect(cases).toHaveLength(47);
  });

  it.each(cases)('%s: the same connections as netpol-analyzer', async (name) => {
    const objects = await objectsFromFiles([join(NETPOL_CORPUS, 'cases', name)]);
    const text = reachConnlist(reachOf(objects).view);
    const expected = readFileSync(join(NETPOL_CORPUS, 'expected', `${name}.connlist.txt`), 'utf8');
    // netpol-analyzer ignores IPv6 ipBlocks (with a warning); reach evaluates them, so its IPv6
    // lines have no counterpart in the expected file and are checked in reach-engine.test.ts.
    const diffs = differences(text, expected, name.includes('ipv6') ? { ignoreFamily: 6 } : {});
    expect(diffs).toEqual([]);
    if (name.includes('ipv6'))
      // fd00::/8 is allowed (except the DNS port denied to ff06::/3 before it), and IPv6 outside the named ranges is open.
      expect(text).toContain(
        'ns1/pod1[Deployment] => fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : SCTP 1-65535,TCP 1-65535,UDP 1-52,54-65535\n',
      );
    // Guards the comparison itself: an empty output matches only an empty expectation.
    expect(text === '').toBe(expected.trim() === '');
  });
});

/** The policy references of one pair in netpol-analyzer's explanation: "Kind name direction rule". */
function expectedReferences(section: string): string[] {
  const refs = new Set<string>();
  for (const line of section.split('\n')) {
    const anp = /(BaselineAdminNetworkPolicy|AdminNetworkPolicy) '([^']+)' \w+ connections by (Egress|Ingress) rule (.+)$/.exec(
      line.trim(),
    );
    if (anp) refs.add(`${anp[1]} ${anp[2]} ${anp[3]?.toLowerCase()} ${anp[4]}`);
    const npAllow = /NetworkPolicy '([^']+)' allows connections by (Egress|Ingress) rule #(\d+)/.exec(line);
    if (npAllow && !/AdminNetworkPolicy/.test(line)) refs.add(`NetworkPolicy ${npAllow[1]} ${npAllow[2]?.toLowerCase()} #${npAllow[3]}`);
    const npRule = /NetworkPolicy '([^']+)' selects .+, and (Egress|Ingress) rule #(\d+) selects/.exec(line);
    if (npRule) refs.add(`NetworkPolicy ${npRule[1]} ${npRule[2]?.toLowerCase()} #${npRule[3]}`);
    const npNone = /NetworkPolicy '([^']+)' selects .+, but .+ is not allowed by any (Egress|Ingress) rule/.exec(line);
    if (npNone) refs.add(`NetworkPolicy ${npNone[1]} ${npNone[2]?.toLowerCase()} -`);
  }
  return [...refs].sort();
}

function ourReferences(direction: 'egress' | 'ingress', decisions: readonly Decision[]): string[] {
  return decisions
    .filter((d) => d.policy)
    .map((d) => {
      const p = d.policy;
      const name = p?.namespace ? `${p.namespace}/${p.name}` : p?.name;
      const rule = d.rule ? (p?.kind === 'NetworkPolicy' ? `#${d.rule.index + 1}` : (d.rule.name ?? `#${d.rule.index + 1}`)) : '-';
      return `${p?.kind} ${name} ${direction} ${rule}`;
    });
}

const explained = cases.filter((c) => existsSync(join(NETPOL_CORPUS, 'expected', `${c}.explain.txt`)));

describe.skipIf(!present)('reach --from --to explains like netpol-analyzer', () => {
  it('has the 6 explained cases', () => {
    expect(explained).toHaveLength(6);
  });

  it.each(explained)('%s: the same policies and rules for each pair', async (name) => {
    const objects = await objectsFromFiles([join(NETPOL_CORPUS, 'cases', name)]);
    const text = readFileSync(join(NETPOL_CORPUS, 'expected', `${name}.explain.txt`), 'utf8');
    const [specific, defaults = ''] = text.split(/#+\n# All Connections due to the system default/);
    const sections = (specific ?? '').split(/^Connections between /m).slice(1);
    expect(sections.length).toBeGreaterThan(0);
    const peerOf = (name: string) => {
      const ext = /^(.+)-.+\[External\]$/.exec(name);
      return ext ? (ext[1] as string) : name;
    };
    const check = (src: string, dst: string, expected: string[]) => {
      const { view } = reachOf(objects, { from: peerOf(src), to: peerOf(dst) });
      const pair = view.pairs[0];
      expect(pair, `${src} => ${dst}`).toBeDefined();
      const ours = [
        ...new Set([...ourReferences('egress', pair?.egress.decisions ?? []), ...ourReferences('ingress', pair?.ingress.decisions ?? [])]),
      ].sort();
      expect(ours, `${src} => ${dst}`).toEqual(expected);
    };
    for (const section of sections) {
      const head = /^(\S+) => (\S+):/.exec(section);
      expect(head).not.toBeNull();
      check(head?.[1] as string, head?.[2] as string, expectedReferences(section));
    }
    // Pairs decided by the default alone: reach names no policy for them either.
    for (const line of defaults.split('\n')) {
      const m = /^(\S+) => (\S+)$/.exec(line.trim());
      if (m) check(m[1] as string, m[2] as string, []);
    }
  });
});
