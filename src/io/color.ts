/**
 * Whether to colour: the --no-color flag wins (what the user typed beats the environment), then
 * FORCE_COLOR, then NO_COLOR (https://no-color.org), then whether stdout is a terminal.
 * Files never get colour.
 */
import type { Style } from '../renderers/index.ts';

export function colorLevel(env: Readonly<Record<string, string | undefined>>, isTTY: boolean, noColorFlag: boolean): 0 | 1 | 2 | 3 {
  if (noColorFlag) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') {
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  if (force === '0' || force === 'false') return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 3 : 1;
}

const same = (text: string): string => text;
export const PLAIN_STYLE: Style = { bold: same, dim: same, cyan: same, underline: same };

/** chalk (and the tty/os modules it loads) only when there is colour to draw. */
export async function makeStyle(level: 0 | 1 | 2 | 3): Promise<Style> {
  if (level === 0) return PLAIN_STYLE;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level });
  return { bold: chalk.bold, dim: chalk.dim, cyan: chalk.cyan, underline: chalk.underline };
}
