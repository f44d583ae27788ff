/**
 * `--format yaml`: the view model, as `--format json` prints it, in YAML. The data goes through
 * JSON first, so both formats carry exactly the same values (no `undefined`, no shared-object
 * anchors); long strings are never folded, so a line of output is a line to grep. This module
 * (and the `yaml` package) is imported only for this format (see index.ts).
 */
import { stringify } from 'yaml';

export function renderYaml(view: object): string {
  return stringify(JSON.parse(JSON.stringify(view)), { lineWidth: 0, aliasDuplicateObjects: false });
}
