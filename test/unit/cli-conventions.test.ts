/**
 * The conventions of the command tree that need no process: enumerated values in any case, the
 * flags each diagram takes (and that the others really ignore them), the one spelling of each
 * traced mesh, and the completion engine.
 */

import { type Command, InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import type { CatalogueData } from '../../src/catalogue/schema.ts';
import { matchChoice } from '../../src/commands/choices.ts';
import { DIAGRAM_FLAG_KINDS } from '../../src/commands/diagram.ts';
import { oneLineError } from '../../src/commands/usage.ts';
import { type Completion, complete } from '../../src/completion/engine.ts';
import { DIAGRAM_KINDS } from '../../src/diagrams/constants.ts';
import { buildDiagram, type DiagramQuery, diagramToMermaid } from '../../src/diagrams/index.ts';
import { chooseFormat } from '../../src/io/output.ts';
import { createProgram } from '../../src/program.ts';
import { renderYaml } from '../../src/renderers/yaml.ts';
import { MESH_CHOICES } from '../../src/trace/constants.ts';
import { loadBuiltinTraces } from '../../src/trace/load.ts';
import { UNSAFE_CHAR } from '../helpers/hostile.ts';

const data: CatalogueData = compileCatalogue('data');
const catalogue = new Catalogue(data);
const sink = { write: () => true };
const program = createProgram({ io: { stdout: sink, stderr: sink, env: {}, cwd: '/' }, loadBuiltinCatalogue: () => data }, '0.0.0');
const sub = (name: string): Command => program.commands.find((c) => c.name() === name) as Command;

describe('enumerated values', () => {
  it('match in any case and come back in the canonical spelling', () => {
    expect(matchChoice('Local', ['cluster', 'local'])).toBe('local');
    expect(matchChoice('IPVS', ['iptables', 'ipvs', 'nftables'])).toBe('ipvs');
    expect(matchChoice('NFTables', ['iptables', 'ipvs', 'nftables'])).toBe('nftables');
    expect(matchChoice('lr', ['TD', 'LR'])).toBe('LR');
    expect(matchChoice(' ZH ', ['en', 'zh'])).toBe('zh');
    expect(matchChoice('Ambient', ['istio:ambient'], { ambient: 'istio:ambient' })).toBe('istio:ambient');
  });

  it('suggest the closest value for a typo and list every choice', () => {
    expect(() => matchChoice('ipv', ['iptables', 'ipvs'])).toThrow(
      new InvalidArgumentError('Did you mean "ipvs"? Choose one of: iptables, ipvs.'),
    );
    expect(() => matchChoice('xxxxx', ['en', 'zh'])).toThrow(new InvalidArgumentError('Choose one of: en, zh.'));
  });

  it('every enumerated flag and argument of every command accepts upper case', async () => {
    const checked: string[] = [];
    for (const command of program.commands) {
      for (const target of [...command.options, ...command.registeredArguments]) {
        const choices = target.argChoices;
        if (!choices || !target.parseArg) continue;
        for (const value of choices) {
          const parsed = target.parseArg(value.toUpperCase(), undefined) as unknown;
          expect(Array.isArray(parsed) ? parsed : [parsed], `${command.name()} ${value}`).toEqual([value]);
        }
        checked.push(`${command.name()} ${'flags' in target ? target.flags : target.name()}`);
      }
    }
    expect(checked).toContain('trace --external-traffic-policy <policy>');
    expect(checked).toContain('diagram --proxy-mode <mode>');
    expect(checked).toContain('list -f, --format <format>');
    expect(checked).toContain('trace scenario');
    expect(checked).toContain('render -i, --image <format...>');
  });
});

describe('usage errors are one line', () => {
  it("folds commander's suggestion and names the choices of a missing argument", () => {
    expect(oneLineError("error: unknown option '--kin'\n(Did you mean --kind?)\n", sub('list'))).toBe(
      'error: unknown option \'--kin\'; did you mean "--kind"?\n',
    );
    expect(oneLineError("error: missing required argument 'kind'\n", sub('diagram'))).toBe(
      "error: missing required argument 'kind'; choose one of: service-flow, deployment, layers, relations\n",
    );
    expect(oneLineError("error: unknown command 'lst'\n(Did you mean list?)\n", program)).toBe(
      'error: unknown command "lst"; did you mean "list"? (run "k8snet help")\n',
    );
  });
});

describe('-o and the output format', () => {
  const formats = ['table', 'markdown', 'json', 'yaml'] as const;
  it('a bare format name is an error that points to --format', () => {
    for (const name of ['json', 'yaml', 'table', 'JSON', 'md', 'yml', 'txt']) {
      expect(() => chooseFormat(undefined, name, formats)).toThrow(
        /^-o \S+ would write a file named "\S+"; for that format use --format (json|yaml|table|markdown)$/,
      );
    }
    expect(() => chooseFormat(undefined, 'svg', formats)).toThrow(/use -o FILE\.svg$/);
    expect(chooseFormat(undefined, 'out/json', formats)).toBe('table');
    expect(chooseFormat(undefined, 'notes', formats)).toBe('table');
  });

  it('an unknown extension is an error unless --format says what to write', () => {
    expect(() => chooseFormat(undefined, 'c.html', formats)).toThrow(/^-o c\.html: k8snet does not write \.html files; use one of \.md, /);
    expect(chooseFormat('markdown', 'c.html', formats)).toBe('markdown');
    expect(chooseFormat(undefined, 'x.YML', formats)).toBe('yaml');
  });
});

describe('--format yaml', () => {
  it('writes hostile text as escaped, quoted scalars and repeats shared objects instead of aliasing them', () => {
    const shared = { name: 'x' };
    const text = renderYaml({ a: 'red\u001b[31m\u0007', b: '- not a list', c: '&anchor', d: undefined, e: [shared, shared] });
    expect(text).not.toMatch(UNSAFE_CHAR);
    expect(text).toBe('a: "red\\e[31m\\a"\nb: "- not a list"\nc: "&anchor"\ne:\n  - name: x\n  - name: x\n');
  });
});

describe('the flags of `k8snet diagram`', () => {
  /** Two settings of each flag (the second the default when left out) that differ where the flag applies. */
  const SAMPLES: Readonly<Record<string, readonly [Partial<DiagramQuery>, Partial<DiagramQuery>]>> = {
    '--proxy-mode': [{ proxyMode: 'nftables' }, {}],
    '--cni': [{ cni: 'calico' }, {}],
    '--cluster-ip': [{ clusterIp: '10.96.7.7' }, {}],
    '--backends': [{ backends: 5 }, {}],
    '--workers': [{ workers: 3 }, {}],
    '--pods-per-node': [{ podsPerNode: 3 }, {}],
    '--layout': [{ layout: 'compact' }, { layout: 'full' }],
    '--kind': [{ kind: 'service-mesh' }, {}],
    '--focus': [{ focus: 'cilium' }, {}],
    // The full layer map is a matrix: --direction is for the compact map.
    '--direction': [
      { direction: 'LR', layout: 'compact' },
      { direction: 'TD', layout: 'compact' },
    ],
  };

  it('each diagram-specific flag is listed with the diagrams it applies to; the rest apply to every command or diagram', () => {
    const everywhere = new Set([...sub('layers').options.map((o) => o.long), '--theme', '--title', '--help']);
    const specific = sub('diagram')
      .options.map((o) => o.long ?? '')
      .filter((flag) => !everywhere.has(flag) || flag in DIAGRAM_FLAG_KINDS);
    expect(specific.sort()).toEqual(Object.keys(DIAGRAM_FLAG_KINDS).sort());
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(DIAGRAM_FLAG_KINDS).sort());
  });

  it('a flag changes the diagrams it is listed for and no other (so elsewhere it is refused, not ignored)', () => {
    for (const [flag, kinds] of Object.entries(DIAGRAM_FLAG_KINDS)) {
      for (const kind of DIAGRAM_KINDS) {
        const [one, other] = (SAMPLES[flag] ?? [{}, {}]).map((query) =>
          diagramToMermaid(buildDiagram(catalogue, kind, { lang: 'en', ...query })),
        );
        expect(one !== other, `${flag} on ${kind}`).toBe(kinds.includes(kind));
      }
    }
  });
});

describe('the traced meshes', () => {
  it('have one spelling each, the same in the walk data and in --help', () => {
    const spelled = loadBuiltinTraces()
      .addons.filter((a) => a.kind === 'mesh')
      .map((a) => `${a.id}:${a.mode}`);
    expect(spelled).toEqual([...MESH_CHOICES]);
    const help = sub('trace').options.find((o) => o.long === '--mesh')?.description ?? '';
    expect(help).toContain(MESH_CHOICES.join(', '));
  });
});

describe('the completion engine', () => {
  const sources = {
    ids: (kinds?: readonly string[]) =>
      catalogue.entries.filter((e) => !kinds || kinds.includes(e.kind)).map((e) => ({ value: e.id, description: e.name.en })),
    traced: (what: 'cni' | 'mesh' | 'ingress') =>
      what === 'mesh' ? [...MESH_CHOICES] : what === 'cni' ? ['calico', 'calico:bgp', 'flannel'] : ['contour'],
  };
  const values = (words: string[]): string[] => {
    const result: Completion = complete(program, words, sources);
    return result.type === 'values' ? result.values.map((v) => v.value) : [`<${result.type}>`];
  };

  it('offers the commands, not the hidden one', () => {
    expect(values([''])).toEqual([
      'list',
      'explain',
      'compare',
      'layers',
      'diagram',
      'render',
      'docs',
      'inspect',
      'trace',
      'reach',
      'completion',
      'help',
    ]);
    expect(values(['tr'])).toEqual(['trace']);
  });

  it('offers enumerated values, ids and traced stacks, in any case', () => {
    expect(values(['trace', 'pod-to-se'])).toEqual(['pod-to-service']);
    expect(values(['trace', 'nodeport', '--external-traffic-policy', 'L'])).toEqual(['local']);
    expect(values(['diagram', 'layers', '--direction', ''])).toEqual(['TD', 'LR']);
    expect(values(['list', '--format=y'])).toEqual(['--format=yaml']);
    expect(values(['explain', 'flan'])).toEqual(['flannel']);
    expect(values(['compare', 'kube-proxy', 'kube'])).not.toContain('kube-proxy');
    expect(values(['compare', 'kube-proxy', 'kube'])).toContain('kube-router');
    expect(values(['diagram', 'service-flow', '--cni', 'cal'])).toEqual(['calico']);
    expect(values(['trace', 'pod-to-service', '--cni', 'calico:'])).toEqual(['calico:bgp']);
    expect(values(['trace', 'mesh', '--mesh', ''])).toEqual([...MESH_CHOICES]);
    expect(values(['render', '--image', 'svg', ''])).toEqual(['svg', 'png', 'pdf']);
    expect(values(['help', 'ins'])).toEqual(['inspect']);
  });

  it('offers options after a dash, and paths where a file or folder goes', () => {
    expect(values(['trace', 'mesh', '--me'])).toEqual(['--mesh']);
    expect(values(['--v'])).toEqual(['--version']);
    expect(values(['inspect', ''])).toEqual(['<files>']);
    expect(values(['compare', 'a', 'b', '-o', ''])).toEqual(['<files>']);
    expect(values(['render', '-d', ''])).toEqual(['<dirs>']);
  });
});
