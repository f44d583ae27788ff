/**
 * Whether to colour: FORCE_COLOR wins, then NO_COLOR (https://no-color.org) and --no-color,
 * then whether stdout is a terminal. Files never get colour.
 */
import { Chalk } from 'chalk';
import type { Style } from '../renderers/index.ts';

export function colorLevel(env: Readonly<Record<string, string | undefined>>, isTTY: boolean, noColorFlag: boolean): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') {
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  if (force === '0' || force === 'false') return 0;
  if (noColorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 3 : 1;
}

export function makeStyle(level: 0 | 1 | 2 | 3): Style {
  if (level === 0) {
    const same = (text: string): string => text;
    return { bold: same, dim: same, cyan: same, underline: same };
  }
  const chalk = new Chalk({ level });
  return { bold: chalk.bold, dim: chalk.dim, cyan: chalk.cyan, underline: chalk.underline };
}
