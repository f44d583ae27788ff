// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/messages.ts';
import { ALL_TRACE_MESSAGES, traceTranslator } from '../../src/i18n/trace-messages.ts';
import { PLAIN_STYLE } from '../../src/io/color.ts';
import { renderDocumentAsMarkdown } from '../../src/renderers/markdown.ts';
import { renderDocumentAsText } from '../../src/renderers/table.ts';
import { compileWalk } from '../../src/trace/compile.ts';
import { buildTraceView, traceDocument, traceSequence } from '../../src/views/trace.ts';
import { traceSources } from '../helpers/emitted-mermaid.ts';
import { parseMermaid } from '../helpers/mermaid.ts';
import { describeOptions, supportedCombinations, traceData } from './trace-helpers.ts';

const data = traceData();
const combos = supportedCombinations(data);

describe('trace messages', () => {
  it('exist and are non-empty in both languages', () => {
    for (const [lang, table] of Object.entries(ALL_TRACE_MESSAGES)) {
      for (const [key, value] of Object.entries(table)) expect(value.trim(), `${lang}.${key}`).not.toBe('');
    }
    expect(Object.keys(ALL_TRACE_MESSAGES.zh).sort()).toEqual(Object.keys(ALL_TRACE_MESSAGES.en).sort());
  });
});

/** English prose words (not names such as kube-proxy or IPVS): none may be left in a Chinese walk. */
const ENGLISH_WORDS =
  /(?<![\w-])(routing|router|runtime|plugins?|server|kernel|network|pair|table|tunnel|logical|switch|flows|pipeline|group|masquerading|load|balancer|balancing|redirect|maps?|rules|the|on|from|in|or|and|with|peers|data|plane|cloud|cache|gateway|controller|firewall|socket|client|resolver|binary|northbound|fabric|underlay|sidecars?|service|proxy|outer|host|node)(?![\w-])/;

describe('Chinese walks', () => {
  it('name every component, actor and target in Chinese, and use no English prose', () => {
    const t = traceTranslator('zh');
    const seen = new Set<string>();
    for (const o of combos) {
      const view = buildTraceView(compileWalk(data, o), 'zh', t);
      for (const h of view.hops) seen.add(h.component);
      for (const c of view.control) seen.add(c.actor).add(c.target);
      for (const h of view.hops)
        expect(h.mechanism.replace(/socket-LB|connect\(\)/g, ''), describeOptions(o)).not.toMatch(
          /(?<![\w-])(socket|routing|runtime|plugin|server|kernel)(?![\w-])/,
        );
    }
    for (const name of seen) expect(name).not.toMatch(ENGLISH_WORDS);
    expect(seen).toContain('容器运行时');
    expect(seen).toContain('互联网 / 局域网路由');
    // A {placeholder} is filled with a name, not prose.
    for (const [key, value] of Object.entries(ALL_TRACE_MESSAGES.zh))
      expect(value.replace(/\{[\w.-]+\}/g, ''), key).not.toMatch(ENGLISH_WORDS);
  }, 120_000);
});

describe('trace views', () => {
  it('render as markdown and JSON in both languages for every supported combination', () => {
    for (const o of combos) {
      for (const lang of ['en', 'zh'] as const) {
        const t = traceTranslator(lang);
        const view = buildTraceView(compileWalk(data, o), lang, t);
        expect(view.hops.length, describeOptions(o)).toBeGreaterThan(0);
        expect(renderDocumentAsMarkdown(traceDocument(view, t))).toContain(view.title);
        expect(JSON.parse(JSON.stringify(view))).toEqual(view);
      }
    }
  }, 120_000);

  it('render as a terminal table for one stack of each scenario and CNI mode', () => {
    const seen = new Set<string>();
    for (const o of combos) {
      const key = `${o.scenario} ${o.cni?.id}:${o.cni?.mode}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const lang of ['en', 'zh'] as const) {
        const t = traceTranslator(lang);
        const view = buildTraceView(compileWalk(data, o), lang, t);
        expect(renderDocumentAsText(traceDocument(view, t), { t: translator(lang), style: PLAIN_STYLE, width: 100 })).toContain(view.title);
      }
    }
  }, 120_000);

  it('keeps the control plane apart from the per-packet steps in the diagram', () => {
    const t = traceTranslator('en');
    const view = buildTraceView(compileWalk(data, { scenario: 'pod-to-service', crossNode: true }), 'en', t);
    const source = traceSequence(view, t).toString();
    const control = source.indexOf('rect rgb(235, 242, 255)');
    const request = source.indexOf('rect rgb(236, 250, 236)');
    expect(control).toBeGreaterThan(0);
    expect(request).toBeGreaterThan(control);
    expect(source.slice(control, request)).toContain('kube-proxy → netfilter');
    expect(source.slice(control, request)).not.toContain('->>');
  });

  it('emits Mermaid that Mermaid parses, for every diagram the command can draw', async () => {
    const sources = traceSources();
    expect(sources.length).toBeGreaterThan(100);
    for (const { label, source } of sources) await expect(parseMermaid(source), label).resolves.toBe('sequence');
  }, 300_000);
});
