#!/usr/bin/env bash
# JMH micro-benchmarks of the ingest hot path (parse, normalize, book diff, book snapshot) on the
# real capture. With --write, replaces the "JMH" section of docs/BENCHMARKS.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
WRITE=0 BUILD=1 DATA=${DATA:-../shared/data}
bench_args '--no-build BUILD=0' '--write WRITE=1' -- "$@"
((BUILD)) && mvn -q -DskipTests test-compile
work_dir
mvn -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
cmd="java -cp target/test-classes:target/classes:<test classpath> org.openjdk.jmh.Main MarketJmh -f 1 -wi 3 -w 2s -i 5 -r 2s"
LOAD_BEFORE=$(load_average)
java -Dmariposa.shared.data="$DATA" -cp "target/test-classes:target/classes:$(cat "$WORK/cp.txt")" org.openjdk.jmh.Main \
  MarketJmh -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$WORK/jmh.json" >"$WORK/jmh.log" 2>&1
LOAD_AFTER=$(load_average)
rows=$(python3 - "$WORK/jmh.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    name = r["benchmark"].rsplit(".", 1)[1]
    print(f"| {name} | {m['score']:,.0f} | ± {m['scoreError']:,.0f} | {1e6 / m['score']:.2f} |")
PY
)
section=$(cat <<EOF
<!-- jmh:start (written by bench/jmh.sh --write) -->
## JMH: the ingest hot path

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/jmh.sh --write\`, which runs
\`$cmd\` (\`dev.mariposa.market.book.MarketJmh\`, one thread, on the real 2021-04-05 capture).
The errors are JMH's 99.9 % intervals over 5 iterations: wide, as on any shared 2-core VM.

| benchmark | ops/s | error | µs/op |
|---|---:|---:|---:|
$rows

parseMessage: one raw combined-stream message into a JsonObject; normalizeBookTicker: a parsed
bookTicker into the ticker event; applyDiff: one BTCAUD depth diff into the local book;
bookTop20: the top-20 snapshot published for a book (now at most every 100 ms per symbol).
<!-- jmh:end -->
EOF
)
emit_section jmh "$section"
