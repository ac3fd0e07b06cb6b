# Shared by the bench scripts, which source it after `set -euo pipefail` (. "$(dirname "$0")/lib.sh"):
# it moves to the repository root, where they run, and defines the helpers below.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# write_section NAME SECTION: replaces the block between "<!-- NAME:start" and "<!-- NAME:end -->"
# in docs/BENCHMARKS.md with SECTION (which carries the markers), or appends it.
write_section() {
  local name=$1 section=$2 file=docs/BENCHMARKS.md tmp
  tmp=$(mktemp)
  if grep -q "<!-- $name:start" "$file"; then
    awk -v section="$section" -v start="<!-- $name:start" -v end="<!-- $name:end -->" '
      index($0, start) == 1 { print section; skip = 1; next }
      index($0, end) == 1 { skip = 0; next }
      !skip { print }' "$file" >"$tmp"
    cp "$tmp" "$file"
  else
    printf '\n%s\n' "$section" >>"$file"
  fi
  rm -f "$tmp"
  echo "wrote the $name section of $file" >&2
}

# emit_section NAME SECTION [table]: prints SECTION and, with --write (WRITE=1), writes it into
# docs/BENCHMARKS.md (write_section NAME) and, given `table`, rebuilds the targets table from the
# sections (bench/targets.sh).
emit_section() {
  printf '%s\n' "$2"
  if ((WRITE)); then
    write_section "$1" "$2"
    if [[ ${3-} == table ]]; then
      bench/targets.sh
    fi
  fi
}

# on_exit COMMAND: runs COMMAND when the script exits, after the commands registered later (one
# EXIT trap for all of them, so that helpers do not replace each other's).
ON_EXIT=()
on_exit() {
  ON_EXIT=("$1" "${ON_EXIT[@]}")
  trap 'for c in "${ON_EXIT[@]}"; do eval "$c" || true; done' EXIT
}

# bench_args SPEC... -- ARG...: parses a script's arguments ARG... against its flags, declared one
# SPEC each, in the order of the usage line (the script sets the defaults before):
#   '--write WRITE=1'               a switch: sets WRITE to 1
#   '--repeats R REPEATS'           takes a whole number into REPEATS (usage: [--repeats R])
#   '--rates 100,1000 RATES text'   takes any text
#   '--skip NAME SKIP list'         may be repeated: each adds "NAME " to SKIP (usage: [--skip NAME]...)
# A SPEC may end with ' # HELP', a line of --help under the usage line; a SPEC that is not a flag
# is a note added at the end of the usage line. -h or --help prints the usage and exits 0. An
# unknown flag or argument, a flag without its value (none, an empty one or the next --flag) and a
# number that is not one print the usage to stderr (with the reason for the last two) and exit 2.
bench_args() {
  local specs=() spec flag meta var kind
  while (($#)) && [[ $1 != -- ]]; do
    specs+=("$1")
    shift
  done
  (($#)) || { echo "bench_args: no -- before the arguments" >&2; exit 2; }
  shift
  while (($#)); do
    case $1 in
      -h | --help) bench_usage "${specs[@]}"; exit 0 ;;
    esac
    flag=
    for spec in "${specs[@]}"; do
      [[ $spec == -* ]] || continue
      read -r flag meta var kind <<<"${spec%% # *}"
      [[ $flag == "$1" ]] && break
      flag=
    done
    [[ -n $flag ]] || bench_args_fail "" "${specs[@]}"
    if [[ $meta == *=* ]]; then
      printf -v "${meta%%=*}" '%s' "${meta#*=}"
      shift
      continue
    fi
    if (($# < 2)) || [[ -z $2 || $2 == --* ]]; then
      bench_args_fail "$1 needs a value ($meta)" "${specs[@]}"
    fi
    case $kind in
      '')
        [[ $2 =~ ^[0-9]+$ ]] || bench_args_fail "$1 takes a whole number ($meta), not '$2'" "${specs[@]}"
        printf -v "$var" '%s' "$2" ;;
      text) printf -v "$var" '%s' "$2" ;;
      list) printf -v "$var" '%s%s ' "${!var-}" "$2" ;;
      *) echo "bench_args: unknown kind in '$spec'" >&2; exit 2 ;;
    esac
    shift 2
  done
}

# bench_args_fail MESSAGE SPEC...: prints MESSAGE (when there is one) and the usage to stderr, exits 2.
bench_args_fail() {
  [[ -z $1 ]] || echo "bench/${0##*/}: $1" >&2
  shift
  bench_usage "$@" >&2
  exit 2
}

# bench_usage SPEC...: the usage line of bench_args' SPECs, then their HELP lines if they have any.
bench_usage() {
  local line="usage: bench/${0##*/}" spec flag meta kind left help=() width=0 i
  for spec in "$@"; do
    if [[ $spec != -* ]]; then
      line+=" $spec"
      continue
    fi
    read -r flag meta _ kind <<<"${spec%% # *}"
    left=$flag
    [[ $meta == *=* ]] || left+=" $meta"
    line+=" [$left]"
    [[ $kind != list ]] || line+="..."
    if [[ $spec == *' # '* ]]; then
      help+=("$left" "${spec#* # }")
      if ((${#left} > width)); then width=${#left}; fi
    fi
  done
  printf '%s\n' "$line"
  for ((i = 0; i < ${#help[@]}; i += 2)); do
    printf "  %-${width}s  %s\n" "${help[i]}" "${help[i + 1]}"
  done
}

# load_average: the 1, 5 and 15 minute load averages, which a section records before and after.
load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# need_recordings: exits 1 unless $DATA holds the recordings (../shared/data, or DATA=path).
need_recordings() {
  [[ -d "$DATA/binance" ]] || { echo "no recordings at $DATA (set DATA=path to shared/data)" >&2; exit 1; }
}

# free_port: prints a TCP port free on 127.0.0.1 at the time of asking.
free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# work_dir: makes a private directory, $WORK, removed at exit.
work_dir() {
  WORK=$(mktemp -d)
  on_exit 'rm -rf "$WORK"'
}

# private_build BUILD: builds when BUILD is 1, then copies the jar and the test classes into a
# private $WORK (removed at exit), so that a build started meanwhile cannot change what is measured.
private_build() {
  if (($1)); then
    mvn -q -DskipTests package test-compile
  fi
  work_dir
  cp -r target/test-classes target/mariposa.jar "$WORK/"
}

# target_line KEY TEXT: what a script measured for one performance target, kept as a comment
# in its section; bench/targets.sh gathers these into the table at the top of docs/BENCHMARKS.md.
target_line() {
  printf '<!-- target %s: %s -->' "$1" "$2"
}
