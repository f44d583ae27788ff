import { describe, expect, it } from 'vitest';
import { compileCatalogue } from '../../src/catalogue/compile.ts';
import { SYNC_COMMANDS, SYNC_COMMON_OPTIONS, SYNC_OPTIONS } from '../../src/docs/sync.ts';
import { createProgram } from '../../src/program.ts';

const sink = { write: () => true };
const program = createProgram(
  { io: { stdout: sink, stderr: sink, env: {}, cwd: '.' }, loadBuiltinCatalogue: () => compileCatalogue('data') },
  '0.0.0',
);

describe('the options a docs --sync marker may use', () => {
  it.each(SYNC_COMMANDS)('exist on %s, and none of them writes a file or reads a cluster', (name) => {
    const command = program.commands.find((c) => c.name() === name);
    const flags = command?.options.map((o) => o.long) ?? [];
    for (const flag of [...SYNC_OPTIONS[name], ...SYNC_COMMON_OPTIONS]) expect(flags, `${name} ${flag}`).toContain(flag);
    for (const flag of [...SYNC_OPTIONS[name], ...SYNC_COMMON_OPTIONS]) {
      expect(['--output', '--sync', '--kubectl', '--context', '--scale', '--width', '--background']).not.toContain(flag);
    }
  });
});
