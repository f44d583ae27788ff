/** Run the reach pipeline in-process, on files or on YAML text. */
import { parse } from 'yaml';
import { Catalogue } from '../../src/catalogue/catalogue.ts';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import type { CatalogueData } from '../../src/catalogue/schema.ts';
import { Cluster } from '../../src/cluster/cluster.ts';
import { modelOf } from '../../src/cluster/model.ts';
import type { KObject } from '../../src/cluster/objects.ts';
import { readBuffers, readInputs } from '../../src/cluster/read.ts';
import { reachTranslator } from '../../src/i18n/reach-messages.ts';
import { buildPolicyInput, type PolicyInput } from '../../src/policy/index.ts';
import type { ReachOptions } from '../../src/policy/query.ts';
import { buildReach, type ReachRun } from '../../src/views/reach.ts';
import { ROOT } from '../helpers/cli.ts';

export const parseYaml = (text: string): unknown => parse(text, { uniqueKeys: false });

let data: CatalogueData | undefined;
export function builtinData(): CatalogueData {
  data ??= compileCatalogue(`${ROOT}/data`);
  return data;
}

export function builtinCatalogue(): Catalogue {
  return new Catalogue(builtinData());
}

export async function objectsFromFiles(paths: readonly string[], cwd = ROOT): Promise<KObject[]> {
  return (await readInputs(paths, cwd, () => Buffer.alloc(0))).objects;
}

export async function objectsFromYaml(yaml: string): Promise<KObject[]> {
  return (await readBuffers([{ file: 'test.yaml', bytes: Buffer.from(yaml) }])).objects;
}

export function policyInputOf(objects: readonly KObject[]): PolicyInput {
  return buildPolicyInput(modelOf(new Cluster(objects, parseYaml)), objects);
}

export function reachOf(
  objects: readonly KObject[],
  options: ReachOptions = {},
  { lang = 'en', catalogue = builtinCatalogue(), maxNodes = 60 }: { lang?: 'en' | 'zh'; catalogue?: Catalogue; maxNodes?: number } = {},
): ReachRun {
  return buildReach(catalogue, objects, parseYaml, reachTranslator(lang), { ...options, sources: ['test.yaml'], maxNodes });
}
