/**
 * Every user-facing string that is not catalogue data, in both languages. `zh` is typed against
 * `en`, so a key missing from either language fails the typecheck; a test checks none is empty.
 */
import type {
  DimensionId,
  Lang,
  LayerRole,
  ModeStatus,
  PolicyApi,
  PolicySupportLevel,
  RelationType,
  StatusState,
} from '../catalogue/schema.ts';

const en = {
  // column and section headings
  id: 'ID',
  name: 'Name',
  type: 'Type',
  kind: 'Kind',
  layers: 'OSI layers',
  status: 'Status',
  summary: 'Summary',
  dimension: 'Dimension',
  layer: 'Layer',
  protocols: 'Protocols',
  components: 'Components',
  responsibilities: 'Responsibilities',
  layersSection: 'What it does at each OSI layer',
  modes: 'Modes and mechanisms',
  relations: 'Relations',
  useCases: 'Typical use cases',
  misconceptions: 'Common misconceptions, corrected',
  corrections: 'Corrections',
  sources: 'Sources',
  homepage: 'Homepage',
  repository: 'Repository',
  claim: 'Claim',
  correction: 'Correction',
  inSeed: 'also stated in the seed document',
  since: 'since',
  introduced: 'introduced',
  ga: 'GA',
  deprecated: 'deprecated',
  removed: 'removed',
  platform: 'Platform',
  legend: 'Legend',
  primaryMark: '● primary',
  partialMark: '○ partial',
  compareTitle: 'Comparison',
  layerMapTitle: 'OSI layer map',
  listTitle: 'Catalogue',
  component: 'component',
  project: 'project',
  seeAlso: 'See also',
  explainHint: 'Run "k8snet explain <id>" for details.',
  none: '—',
  noEntries: 'No entries match these filters.',
  listNote: '{count} entries. {hint} (L3 = primary, (L7) = partial)',
  versions: 'Versions',
  role: 'Role',
  whatItDoes: 'What it does there',
  aliases: 'Aliases',
  value: 'Value',
  colon: ': ',
  dimensionsTitle: 'Comparison dimensions',
  policySection: 'Policy enforcement',
  policyApi: 'Policy API',
  support: 'Support',
  enforcedBy: 'Enforced by',
  note: 'Note',
  enforcersTitle: 'Who enforces it',
  enforcersIntro:
    'What each CNI plugin and policy add-on in the catalogue does with this API; "unknown" means no primary source states it.',
  reviewedLine: 'Facts last checked against their sources on {date}.',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const zh: Messages = {
  id: 'ID',
  name: '名称',
  type: '类型',
  kind: '角色',
  layers: 'OSI 层级',
  status: '状态',
  summary: '简介',
  dimension: '对比维度',
  layer: '层',
  protocols: '协议',
  components: '组件',
  responsibilities: '职责',
  layersSection: '在各 OSI 层的作用',
  modes: '模式与机制',
  relations: '关系',
  useCases: '典型场景',
  misconceptions: '常见误解及更正',
  corrections: '更正',
  sources: '来源',
  homepage: '主页',
  repository: '代码仓库',
  claim: '说法',
  correction: '更正',
  inSeed: '原始文档中也有此说法',
  since: '自',
  introduced: '引入于',
  ga: 'GA',
  deprecated: '弃用于',
  removed: '移除于',
  platform: '平台',
  legend: '图例',
  primaryMark: '● 主要',
  partialMark: '○ 部分',
  compareTitle: '对比',
  layerMapTitle: 'OSI 层级图',
  listTitle: '组件目录',
  component: '组件',
  project: '项目',
  seeAlso: '参见',
  explainHint: '运行 "k8snet explain <id>" 查看详情。',
  none: '—',
  noEntries: '没有符合筛选条件的条目。',
  listNote: '共 {count} 个条目。{hint}（L3 = 主要，(L7) = 部分）',
  versions: '版本',
  role: '程度',
  whatItDoes: '在该层的作用',
  aliases: '别名',
  value: '取值',
  colon: '：',
  dimensionsTitle: '对比维度',
  policySection: '策略实施',
  policyApi: '策略 API',
  support: '支持情况',
  enforcedBy: '实施组件',
  note: '说明',
  enforcersTitle: '由谁实施',
  enforcersIntro: '目录中各 CNI 插件与策略附加组件对该 API 的支持情况；“未知”表示没有一手资料说明。',
  reviewedLine: '以上事实最近一次对照来源核对于 {date}。',
};

const dimensionNames: Record<Lang, Record<DimensionId, string>> = {
  en: {
    'main-function': 'Main function',
    'works-on': 'Works on',
    'runs-where': 'Where it runs',
    implementation: 'How it is implemented',
    'depends-on': 'Depends on',
    'network-model': 'Relation to the network model',
    'osi-layers': 'OSI layers',
    'data-plane': 'Data plane',
    'control-plane': 'Control plane',
    'network-policy': 'Network policy',
    encryption: 'Encryption',
    status: 'Status',
  },
  zh: {
    'main-function': '主要功能',
    'works-on': '工作对象',
    'runs-where': '运行位置',
    implementation: '实现方式',
    'depends-on': '依赖关系',
    'network-model': '与网络模型的关系',
    'osi-layers': 'OSI 层级',
    'data-plane': '数据面',
    'control-plane': '控制面',
    'network-policy': '网络策略',
    encryption: '加密',
    status: '状态',
  },
};

const statusNames: Record<Lang, Record<StatusState, string>> = {
  en: { active: 'active', deprecated: 'deprecated', retiring: 'retiring', archived: 'archived' },
  zh: { active: '活跃', deprecated: '已弃用', retiring: '退役中', archived: '已归档' },
};

const modeStatusNames: Record<Lang, Record<ModeStatus, string>> = {
  en: { default: 'default', stable: 'stable', beta: 'beta', alpha: 'alpha', deprecated: 'deprecated', removed: 'removed' },
  zh: { default: '默认', stable: '稳定', beta: 'Beta', alpha: 'Alpha', deprecated: '已弃用', removed: '已移除' },
};

const relationNames: Record<Lang, Record<RelationType, string>> = {
  en: { 'depends-on': 'depends on', replaces: 'replaces', implements: 'implements', 'works-with': 'works with' },
  zh: { 'depends-on': '依赖', replaces: '替代', implements: '实现', 'works-with': '配合' },
};

const layerRoleNames: Record<Lang, Record<LayerRole, string>> = {
  en: { primary: 'primary', partial: 'partial' },
  zh: { primary: '主要', partial: '部分' },
};

const policySupportNames: Record<Lang, Record<PolicySupportLevel | 'unknown', string>> = {
  en: {
    enforced: 'enforced',
    partial: 'partly enforced',
    optional: 'optional, off until enabled',
    none: 'not enforced',
    unknown: 'unknown',
  },
  zh: { enforced: '实施', partial: '部分实施', optional: '可选，需开启', none: '不实施', unknown: '未知' },
};

/** API kinds are names, the same in both languages; the compare rows say what the row holds. */
const policyApiNames: Record<Lang, Record<PolicyApi, string>> = {
  en: {
    networkPolicy: 'NetworkPolicy',
    adminNetworkPolicy: 'AdminNetworkPolicy / BaselineAdminNetworkPolicy',
    clusterNetworkPolicy: 'ClusterNetworkPolicy',
  },
  zh: {
    networkPolicy: 'NetworkPolicy',
    adminNetworkPolicy: 'AdminNetworkPolicy / BaselineAdminNetworkPolicy',
    clusterNetworkPolicy: 'ClusterNetworkPolicy',
  },
};

const policyRowNames: Record<Lang, Record<PolicyApi, string>> = {
  en: {
    networkPolicy: 'Enforces NetworkPolicy',
    adminNetworkPolicy: 'Enforces AdminNetworkPolicy',
    clusterNetworkPolicy: 'Enforces ClusterNetworkPolicy',
  },
  zh: {
    networkPolicy: '实施 NetworkPolicy',
    adminNetworkPolicy: '实施 AdminNetworkPolicy',
    clusterNetworkPolicy: '实施 ClusterNetworkPolicy',
  },
};

export interface Translator {
  readonly lang: Lang;
  t(key: MessageKey): string;
  dimension(id: DimensionId): string;
  status(state: StatusState): string;
  modeStatus(status: ModeStatus): string;
  relation(type: RelationType): string;
  layerRole(role: LayerRole): string;
  policySupport(level: PolicySupportLevel | 'unknown'): string;
  policyApi(api: PolicyApi): string;
  /** The compare row of a policy API: "Enforces NetworkPolicy". */
  policyRow(api: PolicyApi): string;
  /** An aside after a name: " (Service proxy)" in English, "（服务代理）" in Chinese. */
  paren(text: string): string;
}

export function translator(lang: Lang): Translator {
  const messages = lang === 'zh' ? zh : en;
  return {
    lang,
    t: (key) => messages[key],
    dimension: (id) => dimensionNames[lang][id],
    status: (state) => statusNames[lang][state],
    modeStatus: (status) => modeStatusNames[lang][status],
    relation: (type) => relationNames[lang][type],
    layerRole: (role) => layerRoleNames[lang][role],
    policySupport: (level) => policySupportNames[lang][level],
    policyApi: (api) => policyApiNames[lang][api],
    policyRow: (api) => policyRowNames[lang][api],
    paren: (text) => (lang === 'zh' ? `（${text}）` : ` (${text})`),
  };
}

/** For the bilingual test: every table, both languages. */
export const ALL_MESSAGE_TABLES = {
  en,
  zh,
  dimensionNames,
  statusNames,
  modeStatusNames,
  relationNames,
  layerRoleNames,
  policySupportNames,
  policyApiNames,
  policyRowNames,
};
