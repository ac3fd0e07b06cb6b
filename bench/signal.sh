#!/usr/bin/env bash
# Signal -> paper fill through both Redis queues (signal priority queue, trade stream), on one
# instance with every role, its own redis-server and MongoDB-wire server, at steady rates, every
# signal accounted for; beside each rate the floor at that rate (a raw EVALSHA plus a MongoDB
# insert) and the Redis and MongoDB operations per filled signal. With --write, replaces the
# "Signal to fill" section of docs/BENCHMARKS.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RATES=100,1000 SECONDS_PER_RATE=10 AGENTS=200 WRITE=0 BUILD=1
bench_args '--no-build BUILD=0' '--write WRITE=1' \
  '--rates 100,1000 RATES text # signals/s, each measured in turn; the section names the highest whose p99 held 10 ms' \
  '--seconds N SECONDS_PER_RATE' '--agents N AGENTS' -- "$@"
private_build "$BUILD"
LOAD_BEFORE=$(load_average)
out=$(java -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.SignalToFillBench "$RATES" "$SECONDS_PER_RATE" "$AGENTS" 2>/dev/null)
LOAD_AFTER=$(load_average)
rows=$(printf '%s\n' "$out" | grep '^| [0-9]' || true)
held=$(printf '%s\n' "$out" | grep '^HELD:' | sed 's/^HELD: //' || true)
TARGETS=$(target_line signal "$(printf '%s\n' "$rows" | awk -F'|' '$3 ~ /signal/ {
  for (i = 2; i <= NF; i++) gsub(/^ +| +$/, "", $i)
  printf "%s%s/s: p99 %s ms (%s of %s filled, %s unaccounted)", (n++ ? "; " : ""), $2, $11, $5, $4, $8 }'); $held")
notes=$(printf '%s\n' "$out" | grep -E '^(WARM-UP|REJECTED|UNACCOUNTED|FLOOR|OPS|OTHER|IDLE) ' | sed 's/^/- /' || true)
section=$(cat <<EOF
<!-- signal:start (written by bench/signal.sh --write) -->
$TARGETS
## Signal to fill

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/signal.sh --write\`, which runs
\`java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.SignalToFillBench $RATES $SECONDS_PER_RATE $AGENTS\`.
One instance with every role (two signal and two trade verticle instances), its own redis-server
and the in-process MongoDB-wire server, the synthetic market for the book. Signals are submitted
at a steady rate as the API submits them (the priority queue), for $AGENTS agents; each goes
through the signal role (take, agent turn, risk gate, trade stream), the trade role (XREADGROUP,
intent in MongoDB, paper placement against the cached book, fills, account, XACK) and its fill
event arrives on \`trade.<agentId>\`. Latency: from the signal's submission to that event. A first
pass of 3 s at each rate warms the JIT and is not reported; each pass starts once the previous
one's signals all have an outcome (at most 15 s after its last signal).

Each agent alternates BUY (sized by the risk gate to its 200 USDT position limit) and SELL (the
whole position), starting each pass from its stored account, so every signal can fill. The
"exchange_minimum" rejections an earlier version reported ("the order would be 0 BTCUSDT … no
top-up") were the benchmark's: it restarted every agent at BUY each pass whatever the agent held,
and its agents traded 1-minute bars, so the analysis role, running too, sent them BUYs and SELLs
of its own at bar closes (200 SELLs at one close in a check run). The agents now trade daily
bars, and the notes count any signal not the benchmark's. A pass that ends with signals still in
work (a backlog) starts the next with sides from accounts those signals will still change: its
"no_position" rejections are that. Columns: **sent**; **filled** (a fill event arrived);
**rejected** (recorded in the signals collection with the check that refused it; the notes say
which); **expired, dropped** (recorded so); **unaccounted** = sent − filled − rejected − expired −
dropped, which must be 0 (the notes say what the rest were: still queued, or sent to the trade
stream with no fill event); **duplicates** = second fill events for one signal plus second orders
for one signal in the orders collection. The **floor** row beside each rate: at the same rate,
from the same process, one EVALSHA of a small script (a SET with an expiry) on a raw connection
to the same redis-server, then one insert into the same MongoDB-wire server through the same
driver; its latency is the pair's.

Operations per filled signal, over the measured pass and its drain, net of what the instance does
idle (measured for 10 s before the passes, subtracted pro rata; the total with it follows):
Redis round trips as the client counts them (\`mariposa.redis.command\`, a pipeline counts one),
the commands redis-server executed (\`INFO commandstats\`: those inside scripts and pipelines too,
and its CPU time, from which one Redis core's ceiling: command execution only, network I/O
excluded), and MongoDB commands as the driver's CommandListener counts them
(\`mariposa.mongo.commands\`, by command and collection). The MongoDB-wire server is an in-process
Java server on the same 2 cores: its latencies say nothing of a MongoDB primary's, but the
operation counts do. A pass that leaves a backlog does work on signals not filled yet (their
takes postponed while their agent's previous order settles, the previous pass's leftovers): its
figures per filled signal overstate; those of a pass that drained are the cost of one signal.

| signals/s | path | sent | filled | rejected | expired, dropped | unaccounted | duplicates | p50 ms | p99 ms | p99.9 ms | max ms |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$rows

$notes

Target: p99 ≤ 10 ms at 1k signals/s: ${held}.
<!-- signal:end -->
EOF
)
emit_section signal "$section" table
