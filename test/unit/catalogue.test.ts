import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue, mergeUserCatalogue } from '../../src/catalogue/compile.ts';
import { KIND_IDS, POLICY_API_ENTRIES, POLICY_APIS, STORED_DIMENSION_IDS } from '../../src/catalogue/constants.ts';
import { generateJsonSchemas } from '../../src/catalogue/json-schema.ts';
import type { CatalogueData } from '../../src/catalogue/schema.ts';
import { DataError, UsageError } from '../../src/errors.ts';
import { localizedStrings } from '../helpers/localized.ts';

const data: CatalogueData = compileCatalogue('data');
const catalogue = new Catalogue(data);
const FIXTURES = 'test/fixtures/catalog';

const HAS_CJK = /[\u4e00-\u9fff]/;

/**
 * CNI plugins whose NetworkPolicy support the catalogue does not state, each with the reason it is
 * unknown. Empty: every plugin states it with a source. A new cni-plugin project either states
 * `policy.networkPolicy` or is added here with a comment saying why nobody could tell.
 */
const NETWORK_POLICY_SUPPORT_UNKNOWN: Readonly<Record<string, string>> = {};

describe('the shipped catalogue', () => {
  it('validates and holds at least 30 entries', () => {
    expect(data.entries.length).toBeGreaterThanOrEqual(30);
    expect(data.layers.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('has every project the seed document names, and the ones a 2026 user expects', () => {
    const seed = [
      'kube-proxy',
      'cilium-kube-proxy-replacement',
      'flannel',
      'calico',
      'cilium',
      'weave-net',
      'aws-vpc-cni',
      'kube-ovn',
      'coredns',
      'kube-dns',
      'ingress-nginx',
      'traefik',
      'haproxy-ingress',
      'contour',
      'istio',
      'linkerd',
      'consul',
      'kuma',
      'open-vswitch',
      'linux-kernel',
    ];
    const modern = [
      'antrea',
      'kube-router',
      'kindnet',
      'multus',
      'metallb',
      'nodelocal-dnscache',
      'envoy-gateway',
      'istio-ambient',
      'gateway-api',
    ];
    for (const id of [...seed, ...modern]) expect(catalogue.find(id)?.id, id).toBe(id);
  });

  it('has an entry for every kind', () => {
    for (const kind of KIND_IDS)
      expect(
        data.entries.some((e) => e.kind === kind),
        kind,
      ).toBe(true);
  });

  it('has every user-facing string in both English and Chinese', () => {
    const strings = [...data.entries, ...data.layers, ...data.kinds].flatMap((e) => localizedStrings(e));
    expect(strings.length).toBeGreaterThan(500);
    for (const s of strings) {
      expect(s.en.trim(), s.path).not.toBe('');
      expect(s.zh.trim(), s.path).not.toBe('');
    }
    // Prose (not names) must really be Chinese, not an English copy.
    for (const entry of data.entries) {
      for (const s of localizedStrings({ summary: entry.summary, r: entry.responsibilities, l: entry.layers, m: entry.misconceptions })) {
        expect(HAS_CJK.test(s.zh), `${entry.id} ${s.path}: ${s.zh}`).toBe(true);
      }
    }
  });

  it('gives the comparison of kube-proxy and cni every dimension of the seed table and more', () => {
    for (const id of ['kube-proxy', 'cni']) {
      const entry = catalogue.get(id);
      for (const dimension of STORED_DIMENSION_IDS) expect(entry.dimensions[dimension], `${id}.${dimension}`).toBeDefined();
    }
  });

  it('records kube-proxy modes with the Kubernetes versions that matter', () => {
    const modes = Object.fromEntries(catalogue.get('kube-proxy').modes.map((m) => [m.id, m]));
    expect(modes.iptables?.status).toBe('default');
    expect(modes.userspace).toMatchObject({ status: 'removed', removed: 'v1.26' });
    expect(modes.ipvs).toMatchObject({ status: 'deprecated', deprecated: 'v1.35' });
    expect(modes.nftables).toMatchObject({ ga: 'v1.33' });
    expect(modes.kernelspace?.platform).toBe('windows');
  });

  it('corrects the seed where it is wrong, and says so', () => {
    const inSeed = data.entries.flatMap((e) => e.misconceptions.filter((m) => m.inSeed).map((m) => `${e.id}: ${m.claim.en}`));
    expect(inSeed.some((c) => c.startsWith('kube-proxy:') && /each packet/.test(c))).toBe(true);
    expect(inSeed.some((c) => /userspace/.test(c))).toBe(true);
  });

  it('marks retired and archived projects', () => {
    expect(catalogue.get('weave-net').status.state).toBe('archived');
    expect(['retiring', 'archived']).toContain(catalogue.get('ingress-nginx').status.state);
  });

  it('states the NetworkPolicy support of every CNI plugin, or says why it is unknown', () => {
    const plugins = data.entries.filter((e) => e.type === 'project' && e.kind === 'cni-plugin');
    expect(plugins.length).toBeGreaterThanOrEqual(10);
    const silent = plugins.filter((e) => e.policy?.networkPolicy === undefined && !(e.id in NETWORK_POLICY_SUPPORT_UNKNOWN));
    expect(silent.map((e) => e.id)).toEqual([]);
    // The list only holds entries that still say nothing (components are roles, not implementations: not checked).
    for (const id of Object.keys(NETWORK_POLICY_SUPPORT_UNKNOWN)) expect(catalogue.get(id).policy?.networkPolicy, id).toBeUndefined();
  });

  it('knows which CNI plugins enforce nothing, and what enforces what', () => {
    expect(catalogue.get('flannel').policy?.networkPolicy?.support).toBe('none');
    expect(catalogue.get('calico').policy?.networkPolicy?.enforcer?.en).toMatch(/Felix/);
    expect(catalogue.get('calico').policy?.adminNetworkPolicy).toMatchObject({ since: 'v3.29', removed: 'v3.32' });
    expect(catalogue.get('kube-router').policy?.networkPolicy?.enforcer?.en).toMatch(/--run-firewall/);
    expect(catalogue.get('aws-vpc-cni').policy?.networkPolicy).toMatchObject({ support: 'optional', since: 'v1.14' });
    expect(catalogue.get('kube-network-policies').policy?.clusterNetworkPolicy).toMatchObject({ support: 'optional', since: 'v0.9.0' });
    // Statements only on implementations, never on the roles themselves.
    expect(data.entries.filter((e) => e.type === 'component' && e.policy).map((e) => e.id)).toEqual([]);
  });

  it('has an entry, of kind network-policy, for every policy API', () => {
    for (const api of POLICY_APIS) expect(catalogue.get(POLICY_API_ENTRIES[api]).kind, api).toBe('network-policy');
    expect(catalogue.resolve('networkpolicy').id).toBe('network-policy');
    expect(catalogue.resolve('AdminNetworkPolicy').id).toBe('admin-network-policy');
    expect(catalogue.resolve('BaselineAdminNetworkPolicy').id).toBe('admin-network-policy');
    expect(catalogue.resolve('ClusterNetworkPolicy').id).toBe('cluster-network-policy');
  });

  it('ships JSON Schemas that match the zod schemas (run "npm run gen:schema" after changing them)', () => {
    for (const [file, text] of Object.entries(generateJsonSchemas())) {
      expect(readFileSync(join('data/schema', file), 'utf8'), file).toBe(text);
    }
  });
});

describe('looking entries up', () => {
  it.each([
    ['kube-proxy', 'kube-proxy'],
    ['KubeProxy', 'kube-proxy'],
    ['kube_proxy', 'kube-proxy'],
    ['cni-plugin', 'cni'],
    ['nginx', 'ingress-nginx'],
    ['ovs', 'open-vswitch'],
  ])('resolves %s to %s', (name, id) => {
    expect(catalogue.resolve(name).id).toBe(id);
  });

  it('suggests the closest id for a typo', () => {
    expect(() => catalogue.resolve('kube-proxi')).toThrow(
      new UsageError('unknown component "kube-proxi"; did you mean "kube-proxy"? (run "k8snet list" to see them all)'),
    );
    expect(() => catalogue.resolve('flanel')).toThrow(/did you mean "flannel"\?/);
  });

  it('does not suggest something unrelated', () => {
    expect(() => catalogue.resolve('postgres')).toThrow(/^unknown component "postgres" \(run/);
  });
});

describe('user catalogues (--catalog)', () => {
  it('adds a valid entry', () => {
    const merged = new Catalogue(mergeUserCatalogue(data, [join(FIXTURES, 'valid-entry.yaml')]));
    expect(merged.resolve('egress-gw').id).toBe('acme-egress');
    expect(merged.entries.length).toBe(data.entries.length + 1);
  });

  it('replaces a built-in entry with the same id, and other entries still relate to it', () => {
    const merged = new Catalogue(mergeUserCatalogue(data, [join(FIXTURES, 'override')]));
    expect(merged.entries.length).toBe(data.entries.length);
    expect(merged.resolve('flannel').name.en).toBe('Flannel (our build)');
    expect(merged.get('calico').relations.some((r) => r.target === 'flannel')).toBe(true);
  });

  const negatives = readdirSync(FIXTURES).filter((f) => /\.expect-error\.(ya?ml|json)$/.test(f));
  it('has a negative fixture for each kind of bad input', () => {
    expect(negatives.length).toBeGreaterThanOrEqual(8);
  });

  it.each(negatives)('%s fails with a one-line message naming file and place', (file) => {
    const path = join(FIXTURES, file);
    const text = readFileSync(path, 'utf8');
    const expected = file.endsWith('.json') ? readFileSync(`${path}.expect`, 'utf8').trim() : /^# expect: (.*)$/m.exec(text)?.[1];
    expect(expected, 'fixture names its expected error').toBeTruthy();
    let error: unknown;
    try {
      mergeUserCatalogue(data, [path]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    const message = (error as DataError).message;
    expect(message).not.toContain('\n');
    expect(message).toContain((expected ?? '').replace(`${file}`, path));
  });
});
