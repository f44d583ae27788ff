/**
 * The diagram enumerations, apart from the builders, so that registering the commands (which
 * needs only these lists for commander's choices) does not load the diagram code.
 */
export const DIAGRAM_KINDS = ['service-flow', 'deployment', 'layers', 'relations'] as const;
export type DiagramKind = (typeof DIAGRAM_KINDS)[number];

export const PROXY_MODES = ['iptables', 'ipvs', 'nftables', 'ebpf'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];

export const LAYER_LAYOUTS = ['full', 'compact'] as const;
export type LayerLayout = (typeof LAYER_LAYOUTS)[number];

export const DIAGRAM_THEMES = ['default', 'neutral', 'dark', 'forest'] as const;
export type DiagramTheme = (typeof DIAGRAM_THEMES)[number];

/** The standard diagrams `render --all`, the docs and docs/diagrams draw. */
export const STANDARD_DIAGRAM_NAMES = [
  'service-flow',
  'deployment',
  'layers',
  'layers-compact',
  'relations',
  'relations-cilium',
  'relations-cni-plugin',
] as const;
