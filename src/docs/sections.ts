/** The sections of the generated explainer, in order (kept apart so the CLI can list them cheaply). */
export const DOCS_SECTIONS = [
  'definitions',
  'layers',
  'comparison',
  'cooperation',
  'example',
  'diagrams',
  'projects',
  'misconceptions',
  'summary',
] as const;
export type DocsSection = (typeof DOCS_SECTIONS)[number];
