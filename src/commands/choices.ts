/**
 * Enumerated flags and arguments, the one way every command declares them: the value is matched
 * case-insensitively, as Kubernetes users spell it (`--external-traffic-policy Local`,
 * `--proxy-mode IPVS`, `--format JSON`), and turned into the canonical spelling; a typo gets a
 * "did you mean". `--help` and shell completion list the canonical values (commander's argChoices).
 */
import { Argument, InvalidArgumentError, Option } from 'commander';
import { closest } from '../catalogue/catalogue.ts';

/** Canonical value of `text` among `values` (and `aliases`: spelling → canonical), ignoring case. */
export function matchChoice<T extends string>(text: string, values: readonly T[], aliases: Readonly<Record<string, T>> = {}): T {
  const key = text.trim().toLowerCase();
  const found = values.find((v) => v.toLowerCase() === key) ?? aliasOf(key, aliases);
  if (found !== undefined) return found;
  const suggestion = closest(key, [...values.map((v) => v.toLowerCase()), ...Object.keys(aliases).map((a) => a.toLowerCase())]);
  const suggested =
    suggestion === undefined ? undefined : (values.find((v) => v.toLowerCase() === suggestion) ?? aliasOf(suggestion, aliases));
  const hint = suggested === undefined ? '' : `Did you mean "${suggested}"? `;
  throw new InvalidArgumentError(`${hint}Choose one of: ${values.join(', ')}.`);
}

function aliasOf<T extends string>(key: string, aliases: Readonly<Record<string, T>>): T | undefined {
  return Object.entries(aliases).find(([alias]) => alias.toLowerCase() === key)?.[1];
}

/** Commander's way of collecting a variadic value: a fresh list instead of the default. */
function collect<T>(variadic: boolean, value: T, previous: unknown, defaultValue: unknown): T | T[] {
  if (!variadic) return value;
  return previous === defaultValue || !Array.isArray(previous) ? [value] : [...(previous as T[]), value];
}

/** `new Option(flags, description)` taking one of `values`, any case (see the module comment). */
export function enumOption(
  flags: string,
  description: string,
  values: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): Option {
  const option = new Option(flags, description).choices(values);
  return option.argParser((text: string, previous: unknown) =>
    collect(option.variadic, matchChoice(text, values, aliases), previous, option.defaultValue),
  );
}

/** `new Argument(name, description)` taking one of `values`, any case (see the module comment). */
export function enumArgument(name: string, description: string, values: readonly string[]): Argument {
  const argument = new Argument(name, description).choices(values);
  return argument.argParser((text: string, previous: unknown) =>
    collect(argument.variadic, matchChoice(text, values), previous, argument.defaultValue),
  );
}
