import { InvalidArgumentError } from 'commander';
import type { LayerNumber } from '../catalogue/schema.ts';

/** "3", "L3" or "l3" → 3. */
export function parseLayer(value: string): LayerNumber {
  const match = /^[lL]?([1-7])$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('an OSI layer is 1 to 7 (or L1 to L7).');
  return Number(match[1]) as LayerNumber;
}
