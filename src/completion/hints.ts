/**
 * What shell completion offers for a flag or argument whose values are not an enumeration
 * (enumerations complete from commander's argChoices, and values named <file>, <path...> or <dir>
 * as paths): catalogue ids, the traced stacks, fixed values.
 * Attached where the command declares the flag, read only by the completion engine.
 */
import type { Argument, Option } from 'commander';
import type { KindId } from '../catalogue/constants.ts';

export type CompletionHint =
  /** Catalogue ids, optionally of some kinds only. */
  | { readonly type: 'ids'; readonly kinds?: readonly KindId[] }
  /** The spellings `k8snet trace` knows for --cni, --mesh and --ingress, from its walk data. */
  | { readonly type: 'traced'; readonly what: 'cni' | 'mesh' | 'ingress' }
  | { readonly type: 'files' }
  | { readonly type: 'dirs' }
  | { readonly type: 'values'; readonly values: readonly string[] };

const HINTS = new WeakMap<Option | Argument, CompletionHint>();

export function completeWith<T extends Option | Argument>(target: T, hint: CompletionHint): T {
  HINTS.set(target, hint);
  return target;
}

export function completionHintOf(target: Option | Argument): CompletionHint | undefined {
  return HINTS.get(target);
}
