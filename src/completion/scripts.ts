/**
 * The scripts `k8snet completion bash|zsh|fish` prints. Each is a thin shell function: it passes
 * the words typed so far to `k8snet __complete -- …` (engine.ts answers from the command tree)
 * and offers the answer. The answer's first line is `:values`, `:files` or `:dirs`; each further
 * line is a value, then optionally a tab and its description.
 */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const BASH = `# k8snet completion for bash. Load it in ~/.bashrc:  source <(k8snet completion bash)
_k8snet() {
  local i word cur="\${COMP_WORDS[COMP_CWORD]}"
  local -a words=() lines=() values=()
  # Bash splits "--format=json" at "=" (COMP_WORDBREAKS): join the pieces again.
  for ((i = 1; i <= COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if (( \${#words[@]} > 0 )) && [[ $word == "=" || \${COMP_WORDS[i-1]} == "=" ]] && [[ \${words[-1]} == --* ]]; then
      words[-1]+="$word"
    else
      words+=("$word")
    fi
  done
  mapfile -t lines < <(k8snet __complete -- "\${words[@]}" 2>/dev/null)
  case "\${lines[0]}" in
    :files) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); compopt -o filenames 2>/dev/null; return ;;
    :dirs) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); compopt -o filenames 2>/dev/null; return ;;
  esac
  for word in "\${lines[@]:1}"; do
    word="\${word%%$'\\t'*}"
    # After "--flag=", bash replaces only what follows the "=".
    if [[ \${words[-1]} == --*=* ]]; then
      word="\${word#*=}"
      [[ $cur == "=" ]] && word="=$word"
    fi
    values+=("$word")
  done
  COMPREPLY=("\${values[@]}")
}
complete -F _k8snet k8snet
`;

const ZSH = `#compdef k8snet
# k8snet completion for zsh. Load it in ~/.zshrc (after compinit):  source <(k8snet completion zsh)
# or save it as _k8snet in a folder of $fpath.
_k8snet() {
  local -a lines values descriptions
  local line
  lines=("\${(@f)$(k8snet __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  case "\${lines[1]}" in
    :files) _files; return ;;
    :dirs) _files -/; return ;;
  esac
  for line in "\${(@)lines[2,-1]}"; do
    [[ -z $line ]] && continue
    values+=("\${line%%$'\\t'*}")
    if [[ $line == *$'\\t'* ]]; then
      descriptions+=("\${line%%$'\\t'*}  -- \${line#*$'\\t'}")
    else
      descriptions+=("\${line}")
    fi
  done
  (( \${#values} )) && compadd -U -l -d descriptions -- "\${values[@]}"
}
if [[ "\${funcstack[1]}" == _k8snet ]]; then
  _k8snet "$@"
else
  compdef _k8snet k8snet
fi
`;

const FISH = `# k8snet completion for fish:  k8snet completion fish > ~/.config/fish/completions/k8snet.fish
function __k8snet_complete
    set -l words (commandline -opc) (commandline -ct)
    set -e words[1]
    set -l lines (k8snet __complete -- $words 2>/dev/null)
    switch "$lines[1]"
        case :files
            __fish_complete_path (commandline -ct)
        case :dirs
            __fish_complete_directories (commandline -ct)
        case '*'
            printf '%s\\n' $lines[2..-1]
    end
end
complete -c k8snet -f -a '(__k8snet_complete)'
`;

export const COMPLETION_SCRIPTS: Readonly<Record<CompletionShell, string>> = { bash: BASH, zsh: ZSH, fish: FISH };
