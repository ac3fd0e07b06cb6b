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

# private_build BUILD: builds when BUILD is 1, then copies the jar and the test classes into a
# private $WORK (removed at exit), so that a build started meanwhile cannot change what is measured.
private_build() {
  if (($1)); then
    mvn -q -DskipTests package test-compile
  fi
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  cp -r target/test-classes target/mariposa.jar "$WORK/"
}
