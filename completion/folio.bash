# bash completion for folio                              -*- shell-script -*-
# Installed as <prefix>/share/bash-completion/completions/folio.

_folio()
{
    local cur prev cmd i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            build|check|cover|watch|help) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W 'build check cover watch help --help --version' -- "$cur"))
        return
    fi
    case $prev in
        -l|--layout)
            # a layout file, or the name of an installed one
            COMPREPLY=($(compgen -W 'print screen' -- "$cur") $(compgen -f -X '!*.xml' -- "$cur") $(compgen -d -- "$cur"))
            return ;;
        -o|--output|--trace)
            COMPREPLY=($(compgen -f -- "$cur") $(compgen -W '-' -- "$cur"))
            return ;;
        --diagnostic-format)
            COMPREPLY=($(compgen -W 'text json' -- "$cur"))
            return ;;
    esac
    case $cmd in
        help) COMPREPLY=($(compgen -W 'build check cover watch' -- "$cur")); return ;;
        build) opts='-l --layout -o --output --trace --strict --cover -v --verbose --diagnostic-format= -h --help --version' ;;
        check) opts='-l --layout --strict --proof --diagnostic-format= -h --help --version' ;;
        cover) opts='-l --layout -o --output -v --verbose --diagnostic-format= -h --help --version' ;;
        watch) opts='-l --layout -o --output --strict -v --verbose -h --help --version' ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
    else
        COMPREPLY=($(compgen -f -X '!*.xml' -- "$cur") $(compgen -d -- "$cur"))
    fi
}
complete -F _folio folio
