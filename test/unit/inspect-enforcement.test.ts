/** What an enforcer finding means per policy API: catalogue facts narrowed by the input (enforcement.ts), and how inspect shows it. */
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { inspectTranslator } from '../../src/i18n/inspect-messages.ts';
import { assessEnforcement } from '../../src/inspect/enforcement.ts';
import { detail, type Finding } from '../../src/inspect/findings.ts';
import { buildInspectView, inspectDocument } from '../../src/views/inspect.ts';
import { plain } from '../../src/renderers/document.ts';
import { inspectPaths } from './inspect-helpers.ts';
import { ROOT } from '../helpers/cli.ts';
import { join } from 'node:path';
import { parse } from 'yaml';
import { inspectObjects } from '../../src/inspect/inspect.ts';
import { readBuffers } from '../../src/cluster/read.ts';

const catalogue = new Catalogue(compileCatalogue('data'));
const policyOf = (id: string) => catalogue.get(id).policy;
const finding = (over: Partial<Finding>): Finding => ({
  concern: 'policy-enforcer',
  id: 'x',
  role: 'primary',
  confidence: 'high',
  details: [],
  evidence: [],
  ...over,
});
const states = (id: string, over: Partial<Finding>) =>
  Object.fromEntries(assessEnforcement(policyOf(id), finding(over)).map((a) => [a.api, `${a.state} (${a.reason})`]));

describe('assessEnforcement', () => {
  it('checks the version the input shows against the supported range (Calico dropped the v1alpha1 admin APIs in v3.32)', () => {
    expect(states('calico', { details: [detail('version', 'v3.30.1')] })).toEqual({
      networkPolicy: 'enforced (catalogue)',
      adminNetworkPolicy: 'enforced (catalogue)',
      clusterNetworkPolicy: 'not-enforced (version)',
    });
    expect(states('calico', { details: [detail('version', 'v3.32.0')] })).toMatchObject({
      adminNetworkPolicy: 'not-enforced (version)',
      clusterNetworkPolicy: 'enforced (catalogue)',
    });
    expect(states('calico', { details: [detail('version', 'master')] })).toMatchObject({
      networkPolicy: 'enforced (catalogue)',
      adminNetworkPolicy: 'unknown (version-unknown)',
    });
    expect(states('aws-vpc-cni', { details: [detail('version', 'v1.13.4')], policyApis: { networkPolicy: true } })).toMatchObject({
      networkPolicy: 'not-enforced (version)',
    });
  });

  it('lets the input’s switches decide optional support, and says unknown where it cannot tell', () => {
    expect(states('antrea', { policyApis: { adminNetworkPolicy: true } })).toEqual({
      networkPolicy: 'enforced (catalogue)',
      adminNetworkPolicy: 'enforced (input)',
      clusterNetworkPolicy: 'unknown (setting-unknown)',
    });
    expect(states('antrea', { policyApis: { adminNetworkPolicy: false } })).toMatchObject({ adminNetworkPolicy: 'off (input)' });
    expect(states('cilium', {})).toEqual({
      networkPolicy: 'enforced (catalogue)',
      adminNetworkPolicy: 'unknown (not-stated)',
      clusterNetworkPolicy: 'unknown (not-stated)',
    });
    expect(states('kube-router', { role: 'disabled' })).toEqual({
      networkPolicy: 'off (input)',
      adminNetworkPolicy: 'off (input)',
      clusterNetworkPolicy: 'off (input)',
    });
    expect(states('flannel', {}).networkPolicy).toBe('not-enforced (catalogue)');
  });
});

async function viewOfInline(items: object[], lang: 'en' | 'zh') {
  const read = await readBuffers([{ file: 'inline.json', bytes: Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'List', items })) }]);
  const result = inspectObjects(read.objects, (text) => parse(text));
  return buildInspectView(catalogue, result, inspectTranslator(lang), { sources: ['inline.json'] });
}

/** Every table cell of the inspect document, as plain text. */
function tableText(view: Awaited<ReturnType<typeof viewOfInline>>, lang: 'en' | 'zh'): string {
  return inspectDocument(view, inspectTranslator(lang))
    .flatMap((b) => (b.type === 'table' ? b.rows.flat().map(plain) : []))
    .join('\n');
}

const flannelWithPolicy = [
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'f', namespace: 'kube-flannel' },
    spec: { template: { spec: { containers: [{ name: 'f', image: 'ghcr.io/flannel-io/flannel:v0.28.9' }] } } },
  },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: {} },
];

describe('inspect shows the enforcer and what it enforces', () => {
  it('says Flannel alone enforces none of the policies it accepts', async () => {
    const view = await viewOfInline(flannelWithPolicy, 'en');
    const none = view.findings.find((f) => f.concern === 'policy-enforcer');
    expect(none).toMatchObject({ name: 'no policy enforcer found', id: 'network-policy', explain: 'k8snet explain network-policy' });
    expect(none?.enforcement?.map((e) => [e.id, e.cni])).toEqual([['flannel', true]]);
    const text = tableText(view, 'en');
    expect(text).toContain('Flannel (the CNI found) · NetworkPolicy: not enforced (as the catalogue states)');
    const zh = await viewOfInline(flannelWithPolicy, 'zh');
    const zhText = tableText(zh, 'zh');
    expect(zhText).toContain('未发现策略实施组件');
    expect(zhText).toContain('Flannel（发现的 CNI）· NetworkPolicy：不实施（据目录所载）');
  });

  it('says nothing can be told without a CNI either', async () => {
    const view = await viewOfInline([flannelWithPolicy[1] as object], 'en');
    const lines = tableText(view, 'en');
    expect(lines).toContain('no CNI found either: whether these policies are enforced is unknown');
  });

  it('names the component that enforces, with the setting it read', async () => {
    const { result } = await inspectPaths(['kube-router-proxy.yaml'], join(ROOT, 'test', 'fixtures', 'inspect'));
    const view = buildInspectView(catalogue, result, inspectTranslator('en'), { sources: ['kube-router-proxy.yaml'] });
    const enforcer = view.findings.find((f) => f.concern === 'policy-enforcer');
    expect(enforcer?.enforcement?.[0]?.apis.map((a) => a.text)).toEqual([
      "NetworkPolicy: enforced: kube-router's network policy controller, as iptables and ipset rules (--run-firewall, on by default) (by its setting)",
      'AdminNetworkPolicy / BaselineAdminNetworkPolicy: unknown (no primary source states it)',
      'ClusterNetworkPolicy: unknown (no primary source states it)',
    ]);
    expect(enforcer?.concernName).toBe('Policy enforcement');
  });
});
