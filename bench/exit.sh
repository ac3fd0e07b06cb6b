#!/usr/bin/env bash
# Tick -> exit order at the paper venue, on one instance with the signal and trade roles (its own
# redis-server and MongoDB-wire server, the bench as the feed): positions with stop-loss,
# take-profit and trailing stops, tickers at a steady rate, then every stop crossed by one tick.
# With --write, replaces the "Tick to exit order" section of docs/BENCHMARKS.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RATE=1000 SECONDS_STEADY=20 POSITIONS=100 WRITE=0 BUILD=1
bench_args '--no-build BUILD=0' '--write WRITE=1' '--rate N RATE' '--seconds N SECONDS_STEADY' '--positions N POSITIONS' -- "$@"
private_build "$BUILD"
LOAD_BEFORE=$(load_average)
out=$(java -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.TickToExitBench "$RATE" "$SECONDS_STEADY" "$POSITIONS" 2>/dev/null)
LOAD_AFTER=$(load_average)
rows=$(printf '%s\n' "$out" | grep -E '^\| (steady|burst)')
TARGETS=$(target_line exit "$(printf '%s\n' "$rows" | awk -F'|' '{ for (i = 2; i <= NF; i++) gsub(/^ +| +$/, "", $i) }
  $2 == "steady" { printf "%ssteady, %s ticks/s × %s positions: p99 %s ms (%s exits)", (n++ ? "; " : ""), $3, $4, $7, $5 }
  $2 ~ /^burst \(/ { printf "%sburst of %s stops in one tick: p99 %s ms, all placed in %s ms", (n++ ? "; " : ""), $4, $7, $9 }')")
priority=$(printf '%s\n' "$out" | grep '^BURST burst (5%' | grep -o 'priority: [0-9]* of the [0-9]* lower-priority BUYs' || true)
TARGETS="${TARGETS% -->}${priority:+; $priority queued with them placed before the first exit} -->"
notes=$(printf '%s\n' "$out" | grep -E '^(SETTLED|STAGES|REDIS|BURST|KINDS|NOTE) ' | sed -E 's/^(SETTLED|STAGES|REDIS|BURST|KINDS|NOTE) /- /')
section=$(cat <<EOF
<!-- exit:start (written by bench/exit.sh --write) -->
$TARGETS
## Tick to exit order

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/exit.sh --write\`, which runs
\`java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.TickToExitBench $RATE $SECONDS_STEADY $POSITIONS\`.
One instance with the signal and trade roles (one verticle instance each, the defaults), its own
redis-server and the in-process MongoDB-wire server, no feed role: the bench is the feed, publishing
\`Ticker\` records (receivedAt stamped) on \`market.ticker.BTCUSDT\` of the instance's bus at a steady
rate, and the book on \`market.book.BTCUSDT\` every 100 ms. $POSITIONS paper agents each hold a
position opened as the system opens one (a BUY through the signal queue, filled on the paper
exchange), with a stop-loss, a take-profit or a trailing stop by turns, staggered by 0.1 % from
0.5 %, and a stop of at most 4.8 % behind the other two.

Latency: from the publish of the tick whose bid crosses a position's level (the moment the feed
would have received it; which tick crosses is worked out before the run with \`PositionGuard\`,
as the trade role decides) to the exit order reaching the paper venue: the MongoDB-wire server
receiving the insert of the order into \`paper_orders\`, after the match against the book (the
server runs in the same JVM: one \`System.nanoTime()\` clock). In between: the trade role's guard
on the tick, the exit claimed and decided in the agent's turn by the trade role itself (the risk
gate; queued for the signal role, priority 90, only while the agent has an order in flight), the
trade stream, the trade role's intent in MongoDB and the paper match.

- steady: the price is a triangle wave (a period of 1,000 ticks) whose amplitude grows to 4.5 %,
  so that the levels are crossed one by one over the $SECONDS_STEADY s run.
- burst: after a first burst that warms the JIT and is not reported, one tick 5 % down crosses
  every position's stop at once, and one lower-priority BUY (the API's priority, 60) per bystander
  agent is queued at the same moment: all exits placed, and how many of those BUYs reached the
  venue first. The market then goes on at the rate for 2 s.
- burst, diagnostic: the same with no ticks after the drop but a heartbeat of 10 a second. The
  trade role's guard offers the exit of a position again at most every 250 ms while the ticks go
  on past its level (the queue's dedup refuses the copies, one Redis script call each), so the
  first row carries up to 4 × $POSITIONS such calls a second while the exits are under way; this
  row shows the exit path without them. An exit whose handling fails meanwhile comes back after
  200 ms times its attempts.

| scenario | ticks/s | positions | exits placed | p50 ms | p99 ms | p99.9 ms | max ms |
|---|---:|---:|---:|---:|---:|---:|---:|
$rows

$notes

Target: tick → exit order p99 ≤ 5 ms at 1k ticks/s with 100 positions.
<!-- exit:end -->
EOF
)
emit_section exit "$section" table
