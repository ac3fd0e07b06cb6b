#!/usr/bin/env bash
# Cross-instance event latency (the event-bus bridge) beside the raw Redis PUBLISH→SUBSCRIBE
# round trip, in the same run. With --write, replaces the "Event-bus bridge" section of
# docs/BENCHMARKS.md (between its markers). See bench/README.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SECONDS_PER_RUN=8 REPEATS=3 WRITE=0 BUILD=1
bench_args '--no-build BUILD=0' '--write WRITE=1' '--seconds S SECONDS_PER_RUN' '--repeats R REPEATS' -- "$@"
private_build "$BUILD"

LOAD_BEFORE=$(load_average)
cmd="java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.CrossInstanceLatencyBench $SECONDS_PER_RUN $REPEATS 1000 5000 20000"
tables=$(java -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.CrossInstanceLatencyBench \
  "$SECONDS_PER_RUN" "$REPEATS" 1000 5000 20000 2>/dev/null | grep '^|\|^$')
LOAD_AFTER=$(load_average)

TARGETS=$(printf '%s\n' "$tables" | awk -F'|' '$2 == " 5,000 " && NF == 12 {
  gsub(/ /, ""); printf "at 5k events/s p50 %s µs = %s the raw round trip (%s µs): %s; p99 %s µs: %s", $6, $9, $3, $10, $7, $11 }' \
  | { read -r text; target_line crossinstance "$text"; })
section=$(cat <<EOF
<!-- bridge:start (written by bench/bridge.sh --write) -->
$TARGETS
## Event-bus bridge

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/bridge.sh --write\`, which runs:

\`\`\`sh
$cmd
\`\`\`

Instance A publishes on its event bus (address \`signal.bench\`, a JSON body carrying
\`System.nanoTime()\`) at a fixed rate from one event loop; a consumer on instance B records
(receive − publish) in an HdrHistogram. A and B are two Mariposa instances in one JVM, each with
its own Vert.x and event bus, joined only through a private redis-server, so both ends read the
same monotonic clock. The path is the real one: outbound interceptor → \`Outbox\` (pipelined
batches) → PUBLISH → B's pattern subscription → envelope decode → \`eventBus().publish\` on B.
Beside it, in the same run and on the same server, the floor: the same envelope bytes PUBLISHed
on one connection and received on a SUBSCRIBE connection. $REPEATS runs of $SECONDS_PER_RUN s per
rate after 3 s of warm-up; the medians follow the runs.

$tables
<!-- bridge:end -->
EOF
)
emit_section bridge "$section" table
