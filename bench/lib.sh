# Shared by the bench scripts: source it.

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

# on_exit COMMAND: runs COMMAND when the script exits, after the commands registered later (one
# EXIT trap for all of them, so that helpers do not replace each other's).
ON_EXIT=()
on_exit() {
  ON_EXIT=("$1" "${ON_EXIT[@]}")
  trap 'for c in "${ON_EXIT[@]}"; do eval "$c" || true; done' EXIT
}

# free_port: prints a TCP port free on 127.0.0.1 at the time of asking.
free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# private_build BUILD: builds when BUILD is 1, then copies the jar and the test classes into a
# private $WORK (removed at exit), so that a build started meanwhile cannot change what is measured.
private_build() {
  if (($1)); then
    mvn -q -DskipTests package test-compile
  fi
  WORK=$(mktemp -d)
  on_exit 'rm -rf "$WORK"'
  cp -r target/test-classes target/mariposa.jar "$WORK/"
}

# target_line KEY TEXT: what a script measured for one target of DESIGN.md §8, kept as a comment
# in its section; bench/targets.sh gathers these into the table at the top of docs/BENCHMARKS.md.
target_line() {
  printf '<!-- target %s: %s -->' "$1" "$2"
}
