#!/usr/bin/env bash
# The memory target (MemoryBench): heap after full GC of the jar at 50 symbols, 100 agents and
# 1000 SockJS clients, sampled every 30 s, with its slope. With --write, replaces the "Memory"
# section of docs/BENCHMARKS.md. The 30-minute soak belongs to the reliability suite: --seconds 1800.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SECONDS_TOTAL=300 EVERY=30 WRITE=0 BUILD=1
bench_args '--no-build BUILD=0' '--write WRITE=1' '--seconds S SECONDS_TOTAL' '--every S EVERY' -- "$@"
private_build "$BUILD"
LOAD_BEFORE=$(load_average)
out=$(java -Dmariposa.jar="$WORK/mariposa.jar" -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.MemoryBench \
  "$SECONDS_TOTAL" "$EVERY" 50 100 1000 2>/dev/null)
LOAD_AFTER=$(load_average)
TARGETS=$(target_line memory "$(printf '%s\n' "$out" | grep '^MEMORY' | sed 's/^MEMORY *//')")
section=$(cat <<EOF
<!-- memory:start (written by bench/memory.sh --write) -->
$TARGETS
## Memory

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/memory.sh --write\`, which runs
\`java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.MemoryBench $SECONDS_TOTAL $EVERY 50 100 1000\`.
\`java -jar target/mariposa.jar\` with every role and the default JVM options, on a synthetic
market of 50 symbols, 100 agents created over the API (three symbols each, the technical model),
and 1000 SockJS clients (a child JVM, raw WebSocket transport) registered on one ticker; its Redis
and MongoDB-wire server in the driver's JVM, so the jar's heap is Mariposa's alone. Every $EVERY s:
\`jcmd GC.run\`, then the heap used after it (\`GC.heap_info\`), the live threads and the jar's
open file descriptors (its sockets included). The 30-minute flatness of the target is the
reliability suite's soak (\`--seconds 1800\`).

$(printf '%s\n' "$out" | grep '^|')

$(printf '%s\n' "$out" | grep '^MEMORY\|^SOAK' | sed 's/^MEMORY /Heap: /; s/^SOAK /Growth: /')
<!-- memory:end -->
EOF
)
emit_section memory "$section" table
