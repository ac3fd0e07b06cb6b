#!/usr/bin/env bash
# Self-test of the argument parser in bench/lib.sh (bench_args), and of every bench script's use of
# it on arguments it must refuse. Builds and measures nothing; some seconds (it starts each script
# a few times). Not run by CI.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

FAILS=0 CHECKS=0
# run SCRIPT ARG...: the first line SCRIPT prints on stderr, and its exit code
run() {
  local err rc
  err=$("$@" 2>&1 >/dev/null) && rc=0 || rc=$?
  printf '%s rc=%s' "${err%%$'\n'*}" "$rc"
}
# expect WHAT EXPECTED ACTUAL
expect() {
  CHECKS=$((CHECKS + 1))
  if [[ $2 != "$3" ]]; then
    printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3" >&2
    FAILS=$((FAILS + 1))
  fi
}

# parse ARG...: the sample declaration below on ARG..., then the variables it sets, or what it
# printed and its exit code.
SPECS=('--no-build BUILD=0 # reuse the build' '--write WRITE=1' '--repeats R REPEATS # repetitions'
  '--rates 100,1000 RATES text' '--skip NAME SKIP list' '(names: a b)')
parse() {
  local out rc
  out=$(
    BUILD=1 WRITE=0 REPEATS=3 RATES=100,1000 SKIP=" "
    bench_args "${SPECS[@]}" -- "$@" 2>&1
    printf '%s|%s|%s|%s|%s' "$BUILD" "$WRITE" "$REPEATS" "$RATES" "$SKIP"
  ) && rc=0 || rc=$?
  printf '%s rc=%s' "$out" "$rc"
}
USAGE="usage: bench/test-lib.sh [--no-build] [--write] [--repeats R] [--rates 100,1000] [--skip NAME]... (names: a b)"
HELP="$USAGE
  --no-build   reuse the build
  --repeats R  repetitions"

expect defaults "1|0|3|100,1000|  rc=0" "$(parse)"
expect switches "0|1|3|100,1000|  rc=0" "$(parse --write --no-build)"
expect values "1|0|7|5,50| a b  rc=0" "$(parse --repeats 7 --rates 5,50 --skip a --skip b)"
expect "the last value wins" "1|0|9|100,1000|  rc=0" "$(parse --repeats 7 --repeats 9)"
expect --help "$HELP rc=0" "$(parse --write --help)"
expect "--help exits 0 before the rest" "$HELP rc=0" "$(parse --help --bogus)"
expect -h "$HELP rc=0" "$(parse -h)"
expect "unknown flag" "$HELP rc=2" "$(parse --write --bogus)"
expect "positional argument" "$HELP rc=2" "$(parse 5)"
expect "no value at the end" "bench/test-lib.sh: --repeats needs a value (R)
$HELP rc=2" "$(parse --repeats)"
expect "a flag for a value" "bench/test-lib.sh: --rates needs a value (100,1000)
$HELP rc=2" "$(parse --rates --write)"
expect "an empty value" "bench/test-lib.sh: --skip needs a value (NAME)
$HELP rc=2" "$(parse --skip '')"
expect "not a number" "bench/test-lib.sh: --repeats takes a whole number (R), not '7s'
$HELP rc=2" "$(parse --repeats 7s)"
expect "a negative number" "bench/test-lib.sh: --repeats takes a whole number (R), not '-1'
$HELP rc=2" "$(parse --repeats -1)"
expect "no help lines without help" "usage: bench/test-lib.sh [--write] rc=0" \
  "$(out=$(bench_args '--write WRITE=1' -- --help) && rc=0 || rc=$?; printf '%s rc=%s' "$out" "$rc")"

# Every script refuses what it must without going further: each call ends with an unknown flag, so
# that a script whose parser let a bad value through stops there too instead of building.
for script in bench/*.sh; do
  name=${script#bench/}
  [[ $name == lib.sh || $name == test-lib.sh || $name == targets.sh ]] && continue
  usage=$("$script" --help)
  usage=${usage%%$'\n'*}
  expect "$name --help" "usage: bench/$name " "${usage:0:$((${#name} + 14))}"
  expect "$name unknown flag" "$usage rc=2" "$(run "$script" --no-such-flag)"
  flags=$(grep -o '\[--[a-z-]* [^]]*\]' <<<"$usage" | tr -d '[]' | tr ' ' =) || true
  for flag in $flags; do
    expect "$name ${flag%=*} without its value" "bench/$name: ${flag%=*} needs a value (${flag#*=}) rc=2" \
      "$(run "$script" "${flag%=*}" --no-such-flag)"
    if [[ ${flag#*=} =~ ^[A-Z]$ ]]; then
      expect "$name ${flag%=*} not a number" "bench/$name: ${flag%=*} takes a whole number (${flag#*=}), not 'x' rc=2" \
        "$(run "$script" "${flag%=*}" x --no-such-flag)"
    fi
  done
done

echo "bench/test-lib.sh: $((CHECKS - FAILS)) of $CHECKS checks passed" >&2
((FAILS == 0))
