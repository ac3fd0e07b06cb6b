#!/usr/bin/env bash
# The backtest engine's speed (BacktestBench): a year of 1m bars for one agent, and recorded
# stream events per second. With --write, replaces the "Backtest" section of docs/BENCHMARKS.md.
# Needs ../shared/data (or DATA=path).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
REPEATS=5 PASSES=200 WRITE=0 BUILD=1 DATA=${DATA:-../shared/data}
# A fixed heap: with G1 growing and shrinking it between runs, one year took 0.9 to 1.5 s in one JVM.
HEAP="-Xms4g -Xmx4g"
bench_args '--no-build BUILD=0' '--write WRITE=1' '--repeats R REPEATS' '--passes P PASSES' -- "$@"
need_recordings
private_build "$BUILD"
LOAD_BEFORE=$(load_average)
out=$(java $HEAP -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.backtest.BacktestBench "$DATA" "$REPEATS" "$PASSES" 2>/dev/null)
LOAD_AFTER=$(load_average)
TARGETS=$(target_line backtest "$(printf '%s\n' "$out" | awk -F'|' '$4 ~ /≥ 500k|≥ 2M|scales/ {
  gsub(/^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); printf "%s%s: %s", (n++ ? "; " : ""), $2, $3 }')")
section=$(cat <<EOF
<!-- backtest:start (written by bench/backtest.sh --write) -->
$TARGETS
## Backtest

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/backtest.sh --write\`, which runs
\`java $HEAP -cp target/test-classes:target/mariposa.jar dev.mariposa.backtest.BacktestBench ../shared/data $REPEATS $PASSES\`
(a fixed heap: G1 resizing it between runs made one year take 0.9 to 1.5 s in one JVM).
The engine alone, one thread, the data read and parsed before the clock starts (the CLI adds the
reading, the report and the JVM start). A year of 1m bars: the real BTCUSDT day of 2024-09-21
tiled 365 times (each copy scaled to open at the previous close), one agent (momentum-1m): every
bar runs the live pipeline's decisions (the indicators updated incrementally, the technical model
and the ensemble, the signal, the risk rules, paper matching, settlement, the stops and the equity
mark; the reasons are formatted only where an order keeps them). Four year runs at once, on one
thread and then on every core, give the scaling of a parameter search (each run its own engine). Recorded stream events: the 10-symbol capture of 2021-04-05 (5,408 bookTickers,
4,709 depth diffs synchronized on the REST snapshots, 1,240 aggTrades), $PASSES passes, each
symbol traded by an agent: decoding, order book, quotes and the stop checks (the capture has no
bar close: no analysis, no order). The first year in the fresh JVM is reported apart (the JIT's
C2 compiles the engine's methods during it, seconds on two cores: what one CLI run pays), then
three more warm it up; $REPEATS runs, then the medians.

$out
<!-- backtest:end -->
EOF
)
emit_section backtest "$section" table
