#!/usr/bin/env bash
# Analyses at a bar close: 100 agents x 2 symbols with the technical model on one analysis
# instance (its own redis-server and MongoDB-wire server), the real BTCUSDT day replayed. With
# --write, replaces the "Analysis" section of docs/BENCHMARKS.md. Needs ../shared/data (or DATA=path).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
AGENTS=100 ROUNDS=200 REPEATS=5 WRITE=0 BUILD=1 DATA=${DATA:-../shared/data}
bench_args '--no-build BUILD=0' '--write WRITE=1' '--agents N AGENTS' '--rounds N ROUNDS' '--repeats R REPEATS' -- "$@"
need_recordings
private_build "$BUILD"
LOAD_BEFORE=$(load_average)
out=$(java -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.AnalysisBench "$DATA" "$AGENTS" "$ROUNDS" "$REPEATS" 2>/dev/null)
LOAD_AFTER=$(load_average)
TARGETS=$(target_line analysis "$(printf '%s\n' "$out" | awk -F'|' '$2 ~ /^ *[0-9]+ *$/ && NF == 7 { a[++n] = $3; p[n] = $5 }
  END { asort(a); asort(p); m = int((n + 1) / 2); printf "median %s analyses/s, p99 close → result %s ms", a[m], p[m] }' | tr -s ' ')")
section=$(cat <<EOF
<!-- analysis:start (written by bench/analysis.sh --write) -->
$TARGETS
## Analysis

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/analysis.sh --write\`, which runs
\`java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.AnalysisBench ../shared/data $AGENTS $ROUNDS $REPEATS\`.
One instance with the analysis role (one verticle instance, its own redis-server and
MongoDB-wire server on loopback), $AGENTS agents each trading BTCUSDT and ETHUSDT on 1m bars with
the technical model. The real BTCUSDT day is replayed into both series (ETHUSDT scaled); after
300 warm-up bars, each round publishes both symbols' closes at once and waits for all
$((2 * AGENTS)) results on the event bus. The whole path runs: the per-bar claim in Redis, the book
lookup, the indicators once per series, the models once per series, one ensemble per agent, the
results cached in Redis (one pipeline) and published (and bridged to Redis pub/sub). A run is
$ROUNDS rounds; analyses/s is the median round's $((2 * AGENTS)) results over the time from the closes'
publication to the last result; latencies are per result, from the close's publication.

| run | analyses/s (median round) | p50 ms | p99 ms | max ms |
|---:|---:|---:|---:|---:|
$(printf '%s\n' "$out" | grep '^| [0-9]')

$(printf '%s\n' "$out" | grep '^MEDIAN' | sed 's/^MEDIAN/Median:/')
<!-- analysis:end -->
EOF
)
emit_section analysis "$section" table
