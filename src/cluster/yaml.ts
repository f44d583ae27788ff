/**
 * The YAML parser, behind a module that is itself imported lazily (`await import('./yaml.ts')`),
 * so commands other than inspect never load it. Static named imports keep esbuild's CommonJS
 * interop right (a dynamic `import('yaml')` of the CommonJS build has no named exports in the bundle).
 */
export { Composer, LineCounter, Parser, parse } from 'yaml';
