/**
 * The conventions kubectl, gh and docker users bring, checked on the built CLI: help and exit
 * codes, enumerated values in any case, options that do not apply, -o and --format yaml, the
 * --mesh spellings, and shell completion run in bash, zsh and fish.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { MESH_CHOICES } from '../../src/trace/constants.ts';
import { BIN, runCli } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'k8snet-conventions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('help', () => {
  it('k8snet alone prints the help on stdout and exits 0, like --help', () => {
    const bare = runCli([]);
    expect(bare).toEqual(runCli(['--help']));
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/^Usage: k8snet \[options\] \[command\]\n/);
    expect(bare.stderr).toBe('');
  });

  it("k8snet help COMMAND is that command's help; an unknown one is an error with a suggestion", () => {
    expect(runCli(['help', 'trace'])).toEqual(runCli(['trace', '--help']));
    expect(runCli(['help', 'trace']).stdout).toMatch(/^Usage: k8snet trace /);
    expect(runCli(['help', 'foo'])).toEqual({ code: 2, stdout: '', stderr: 'error: unknown command "foo" (run "k8snet help")\n' });
    expect(runCli(['help', 'lsit'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: unknown command "lsit"; did you mean "list"? (run "k8snet help")\n',
    });
  });
});

describe('exit codes', () => {
  it('list with filters that match nothing: the (empty) result, a note, exit 1', () => {
    const json = runCli(['list', '--kind', 'service-mesh', '--status', 'archived', '--format', 'json']);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('note: no catalogue entry matches these filters\n');
    expect(JSON.parse(json.stdout).entries).toEqual([]);
    expect(runCli(['list', '--kind', 'service-mesh', '--status', 'archived']).code).toBe(1);
  });

  it('every usage error is one error: line with exit 2 and nothing on stdout', () => {
    for (const args of [
      ['trace'],
      ['trace', 'pod-to-servce'],
      ['list', '--bogus'],
      ['list', '--kind'],
      ['diagram', 'layers', '--direction', 'up'],
      ['compare', 'kube-proxy', 'cni', 'extra', 'nope'],
      ['lsit'],
    ]) {
      const result = runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr, args.join(' ')).toMatch(/^error: [^\n]+\n$/);
    }
  });
});

describe('enumerated values in the spelling Kubernetes uses', () => {
  it.each([
    [['trace', 'nodeport', '--external-traffic-policy', 'Local', '--format', 'json'], '"externalTrafficPolicy": "Local"'],
    [['trace', 'loadbalancer', '--external-traffic-policy', 'Cluster', '--format', 'json'], '"externalTrafficPolicy": "Cluster"'],
    [['trace', 'pod-to-service', '--proxy', 'IPVS', '--cni', 'Calico:BGP', '--format', 'json'], '"mode": "bgp"'],
    [['diagram', 'service-flow', '--proxy-mode', 'NFTables'], 'nftables'],
    [['diagram', 'layers', '--layout', 'compact', '--direction', 'lr'], 'flowchart LR'],
    [['list', '--kind', 'CNI-Plugin', '--format', 'JSON', '--lang', 'ZH'], '"lang": "zh"'],
    [['trace', 'POD-TO-POD', '--format', 'Yaml'], 'scenario: pod-to-pod'],
  ])('%j', (args, expected) => {
    const result = runCli(args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(expected);
  });
});

describe('options that do not apply are errors', () => {
  it.each([
    [['diagram', 'service-flow', '--layout', 'compact'], 'error: --layout does not apply to the service-flow diagram, only to: layers'],
    [
      ['diagram', 'service-flow', '--direction', 'LR'],
      'error: --direction does not apply to the service-flow diagram, only to: deployment, layers, relations',
    ],
    [
      ['diagram', 'relations', '--proxy-mode', 'ipvs'],
      'error: --proxy-mode does not apply to the relations diagram, only to: service-flow, deployment',
    ],
    [['diagram', 'layers', '--workers', '3'], 'error: --workers does not apply to the layers diagram, only to: deployment'],
    [
      ['diagram', 'layers', '--direction', 'LR'],
      'error: --direction does not apply to the full layer map, a matrix; it applies to --layout compact',
    ],
    [
      ['layers', '--format', 'mermaid', '--direction', 'LR'],
      'error: --direction does not apply to the full layer map, a matrix; it applies to --layout compact',
    ],
    [['layers', '--direction', 'LR'], 'error: --direction applies to the diagram only: add --format mermaid or -o FILE.mmd|svg|png|pdf'],
    [['layers', '--by', 'layer', '--format', 'mermaid'], 'error: --by arranges the table (and Markdown, JSON, YAML), not the diagram'],
    [['layers', '--scale', '2'], 'error: --scale applies only when an image is written (-o FILE.svg, FILE.png or FILE.pdf)'],
    [['trace', 'pod-to-pod', '--width', '900'], 'error: --width applies only when an image is written (-o FILE.svg, FILE.png or FILE.pdf)'],
    [['diagram', 'layers', '-o', 'x.svg', '--scale', '2'], 'error: --scale sets the pixel density of PNG images; it does not apply to svg'],
    [['render', '--all', 'layers', '-d', 'out'], 'error: name the diagrams to render or use --all, not both'],
    [['render', 'layers', '-d', 'out', '--scale', '2'], 'error: --scale sets the pixel density of PNG images; it does not apply to svg'],
    [
      ['docs', '--sync', 'README.md', '--section', 'projects'],
      'error: --section does not apply to --sync: each marker carries its own command line',
    ],
    [['trace', 'pod-to-pod', '--mesh', 'istio'], 'error: --mesh applies to the mesh scenario only; run "k8snet trace mesh"'],
    [['inspect', 'x.yaml', '--context', 'prod'], 'error: --context needs --kubectl'],
  ])('%j', (args, message) => {
    expect(runCli(args, { cwd: tmp })).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });
});

describe('-o and --format', () => {
  it('-o json is an error pointing to --format, and writes nothing', () => {
    for (const name of ['json', 'yaml', 'table']) {
      expect(runCli(['compare', 'kube-proxy', 'cni', '-o', name], { cwd: tmp })).toEqual({
        code: 2,
        stdout: '',
        stderr: `error: -o ${name} would write a file named "${name}"; for that format use --format ${name}\n`,
      });
    }
    const html = runCli(['compare', 'kube-proxy', 'cni', '-o', 'c.html'], { cwd: tmp });
    expect(html.code).toBe(2);
    expect(html.stderr).toMatch(
      /^error: -o c\.html: k8snet does not write \.html files; use one of \.md, .*, or say the format with --format\n$/,
    );
    expect(readdirSync(tmp).filter((f) => f !== 'bin')).toEqual([]);
  });

  it('--format yaml is the JSON view model, for every command that has json', () => {
    for (const args of [
      ['list'],
      ['explain', 'cilium'],
      ['compare', 'kube-proxy', 'cni', '--lang', 'zh'],
      ['layers', '--by', 'layer'],
      ['diagram', 'service-flow'],
      ['diagram', 'relations'],
      ['trace', 'pod-to-service', '--cross-node'],
      ['inspect', 'test/fixtures/inspect/kube-proxy-ipvs.yaml'],
    ]) {
      const json = runCli([...args, '--format', 'json']);
      const yaml = runCli([...args, '--format', 'yaml']);
      expect(yaml.stderr, args.join(' ')).toBe(json.stderr);
      expect(yaml.code, args.join(' ')).toBe(json.code);
      expect(parseYaml(yaml.stdout), args.join(' ')).toEqual(JSON.parse(json.stdout));
      expect(yaml.stdout).not.toMatch(/^\s*[&*]\w/m);
    }
    const file = join(tmp, 'yaml-out', 'compare.yml');
    mkdirSync(join(tmp, 'yaml-out'));
    expect(runCli(['compare', 'kube-proxy', 'cni', '-o', file]).code).toBe(0);
    rmSync(join(tmp, 'yaml-out'), { recursive: true });
  });
});

describe('--mesh', () => {
  it.each([...MESH_CHOICES, 'istio', 'istio-ambient', 'istio-ambient:ztunnel', 'istio-ambient:waypoint', 'Istio:Ambient'])('%s', (mesh) => {
    const result = runCli(['trace', 'mesh', '--mesh', mesh, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('the spellings name the walk they mean', () => {
    const walk = (mesh: string): string => JSON.parse(runCli(['trace', 'mesh', '--mesh', mesh, '--format', 'json']).stdout).walk;
    expect(walk('istio:waypoint')).toBe('mesh-waypoint');
    expect(walk('istio-ambient:waypoint')).toBe('mesh-waypoint');
    expect(walk('waypoint')).toBe('mesh-waypoint');
    expect(walk('istio:ambient')).toBe('mesh');
  });
});

describe('shell completion', () => {
  // The scripts call `k8snet` by name: put the built one on PATH.
  const bin = join(tmp, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'k8snet'));
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1', LANG: 'C.UTF-8' };
  const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
  const run = (shell: string, script: string): string => {
    const result = spawnSync(shell, shell === 'zsh' ? ['-f', '-c', script] : ['-c', script], { env, encoding: 'utf8', cwd: tmp });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout.trim();
  };

  it('k8snet completion SHELL prints a script; an unknown shell is refused', () => {
    for (const shell of ['bash', 'zsh', 'fish']) expect(runCli(['completion', shell]).stdout).toContain('k8snet __complete --');
    expect(runCli(['completion', 'tcsh']).stderr).toMatch(
      /^error: command-argument value 'tcsh' is invalid for argument 'shell'\. .*Choose one of: bash, zsh, fish\.\n$/,
    );
  });

  it.skipIf(!has('bash'))('bash: commands, scenarios, enum values after = , ids, files', () => {
    const complete = (words: string[], cword = words.length - 1): string =>
      run(
        'bash',
        `source <(k8snet completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${cword}; _k8snet; echo "\${COMPREPLY[*]}"`,
      );
    expect(complete(['k8snet', 'tr'])).toBe('trace');
    expect(complete(['k8snet', 'trace', 'pod-to-se'])).toBe('pod-to-service');
    expect(complete(['k8snet', 'trace', 'nodeport', '--external-traffic-policy', ''])).toBe('cluster local');
    expect(complete(['k8snet', 'list', '--format', '=', 'y'])).toBe('yaml');
    expect(complete(['k8snet', 'explain', 'flann'])).toBe('flannel');
    expect(complete(['k8snet', 'trace', 'mesh', '--mesh', ''])).toBe(MESH_CHOICES.join(' '));
    mkdirSync(join(tmp, 'manifests'));
    expect(complete(['k8snet', 'inspect', 'manif'])).toBe('manifests');
    rmSync(join(tmp, 'manifests'), { recursive: true });
  });

  it.skipIf(!has('zsh'))('zsh: the same answers through compadd', () => {
    // compadd and _files stand in for zsh's completion system: they print what they are given.
    const complete = (words: string[]): string =>
      run(
        'zsh',
        `compdef() { :; }; source <(k8snet completion zsh); compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -r -- "$*"; }; _files() { print -r -- "_files $*"; }; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _k8snet`,
      );
    expect(complete(['k8snet', 'trace', 'pod-to-se'])).toBe('pod-to-service');
    expect(complete(['k8snet', 'diagram', 'layers', '--direction', ''])).toBe('TD LR');
    expect(complete(['k8snet', 'render', '-d', ''])).toBe('_files -/');
    expect(complete(['k8snet', 'inspect', ''])).toBe('_files');
  });

  it.skipIf(!has('fish'))('fish: the same answers, with descriptions', () => {
    const complete = (line: string): string => run('fish', `k8snet completion fish | source; complete -C '${line}'`);
    expect(complete('k8snet trace pod-to-se')).toBe('pod-to-service');
    expect(complete('k8snet list --format=y')).toBe('--format=yaml');
    expect(complete('k8snet tra')).toMatch(/^trace\twalk one packet/);
    expect(complete('k8snet explain cilium-k')).toBe('cilium-kube-proxy-replacement\tCilium kube-proxy replacement');
  });

  it('the hidden __complete command is not offered or listed', () => {
    expect(runCli(['--help']).stdout).not.toContain('__complete');
    expect(runCli(['__complete', '--', '__']).stdout).toBe(':values\n');
    expect(existsSync(BIN)).toBe(true);
  });
});
