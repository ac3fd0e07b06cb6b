#!/usr/bin/env bash
# Market ingest on one event loop (parse -> order book -> normalize -> local publish) over the
# real 10-symbol capture, beside a parse-only floor in the same run. With --write, replaces the
# "Market ingest" section of docs/BENCHMARKS.md. Needs ../shared/data (or DATA=path).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
PASSES=30 REPEATS=5 WRITE=0 BUILD=1 DATA=${DATA:-../shared/data}
bench_args '--no-build BUILD=0' '--write WRITE=1' '--passes N PASSES' '--repeats R REPEATS' -- "$@"
need_recordings
private_build "$BUILD"
LOAD_BEFORE=$(load_average)
out=$(java -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.IngestBench "$DATA" "$PASSES" "$REPEATS" 2>/dev/null)
LOAD_AFTER=$(load_average)
TARGETS=$(target_line ingest "$(printf '%s\n' "$out" | grep '^MEDIAN' | sed 's/^MEDIAN *//')")
section=$(cat <<EOF
<!-- ingest:start (written by bench/ingest.sh --write) -->
$TARGETS
## Market ingest

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/ingest.sh --write\`, which runs
\`java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.IngestBench ../shared/data $PASSES $REPEATS\`.
One event loop takes the real 10-symbol capture (11,357 messages: bookTicker, depth@100ms,
aggTrade) as text, $PASSES passes per run: JSON parse, depth diffs through \`BookSynchronizer\` (fresh
books each pass, bridged with the recorded snapshots), the book published at most every 100 ms
per symbol (\`ThrottledBookPublisher\`, as the feeds do), every other message normalized
(\`BinanceMessages\`: a bookTicker into a \`Ticker\` record, which the bus hands on without a copy)
and published on the local event bus to a consumer. The floor beside it, in
the same run: parsing the same lines into JSON and nothing else. A driver, not JMH: the whole
path runs as it runs in production.

| run | pipeline events/s | parse-only lines/s | ratio |
|---:|---:|---:|---:|
$(printf '%s\n' "$out" | grep '^| [0-9]')

$(printf '%s\n' "$out" | grep '^MEDIAN' | sed 's/^MEDIAN/Median:/') Target: ≥ 200k events/s on one core.
<!-- ingest:end -->
EOF
)
emit_section ingest "$section" table
