#!/usr/bin/env bash
# Bar data: a month of 1m bars read from its kline CSV (no cache) and from its binary cache (JMH,
# BarsJmh, beside the text reader the columns replaced), and ten symbol-years of 1m bars held as
# columns (BarMemoryBench: JOL's retained size and the heap after GC). With --write, replaces the
# "Bar data" section of docs/BENCHMARKS.md. Needs ../shared/data (or DATA=path).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
WRITE=0 BUILD=1 DATA=${DATA:-../shared/data}
bench_args '--no-build BUILD=0' '--write WRITE=1' -- "$@"
need_recordings
((BUILD)) && mvn -q -DskipTests test-compile
work_dir
mvn -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
jmh_cmd="java -cp target/test-classes:target/classes:<test classpath> org.openjdk.jmh.Main BarsJmh -f 1 -wi 3 -w 2s -i 5 -r 2s"
memory_cmd="java -Djdk.attach.allowAttachSelf=true -cp target/test-classes:target/classes:<test classpath> dev.mariposa.bench.BarMemoryBench ../shared/data"
LOAD_BEFORE=$(load_average)
java -Dmariposa.shared.data="$DATA" -cp "$CP" org.openjdk.jmh.Main \
  BarsJmh -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$WORK/jmh.json" >"$WORK/jmh.log" 2>&1
# JOL attaches to its own JVM for exact object sizes (allowAttachSelf); its log and warnings go to stderr.
memory=$(java -Djdk.attach.allowAttachSelf=true -cp "$CP" dev.mariposa.bench.BarMemoryBench "$DATA" 2>/dev/null \
  | sed -n '/^Collectors/,$p' | grep -E '^\||^Collectors|^$')
LOAD_AFTER=$(load_average)
python3 - "$WORK/jmh.json" "$WORK/rows.md" "$WORK/read.txt" <<'PY'
import json, sys
what = {
    "csvToColumns": "CSV → BarColumns: parsed from the bytes, no cache",
    "csvToKlines": "CSV → `List<Kline>`: the same, then a Kline per bar",
    "cacheToColumns": "cache → BarColumns: `KlineCsv.columns`, the cache current",
    "cacheToKlines": "cache → `List<Kline>`: `KlineCsv.read`, what ReplayFiles (backtest, live replay) calls",
    "textReaderBefore": "CSV → `List<Kline>` by the text reader before (readAllLines, split, BigDecimal)",
}
score, rows = {}, []
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    name = r["benchmark"].rsplit(".", 1)[1]
    score[name] = m["score"]
    rows.append(f"| {name} | {what.get(name, '')} | {m['score']:.2f} | ± {m['scoreError']:.2f} |")
open(sys.argv[2], "w").write("\n".join(rows))
open(sys.argv[3], "w").write(
    f"a month of 1m bars (44,640): CSV → columns {score['csvToColumns']:.1f} ms, cache → columns "
    f"{score['cacheToColumns']:.2f} ms, cache → Klines {score['cacheToKlines']:.1f} ms "
    f"(text reader before: {score['textReaderBefore']:.1f} ms)")
PY
# The target's memory: the set with every column filled (the larger), JOL and the heap after GC.
filled=$(grep 'every column filled' <<<"$memory" | awk -F'|' '{gsub(/ /, "", $5); gsub(/ /, "", $6); print $5 " (JOL), " $6 " heap after GC"}')
TARGETS=$(target_line bars "$(cat "$WORK/read.txt"); ten 1m symbol-years, every column filled: ${filled//MB/ MB}")
section=$(cat <<EOT
<!-- bars:start (written by bench/bars.sh --write) -->
$TARGETS
## Bar data: a month read, ten symbol-years held

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/bars.sh --write\`, which runs
\`$jmh_cmd\` (\`dev.mariposa.market.replay.BarsJmh\`, one thread) and
\`$memory_cmd\`.

**Reading a month of 1m bars** (44,640 lines, 6.6 MB): the real data.binance.vision BTCUSDT 1m day of
2024-09-21 (every column filled) tiled 31 times a day apart into \`BTCUSDT-1m-2024-10.csv\`. "CSV"
is a read with no binary cache (the file itself in the OS page cache); "cache" reads its
\`.csv.bars\` (1.2 MB). JMH's average time per read, with its 99.9 % interval over 5 iterations
(wide on a shared 2-core VM):

| benchmark | what | ms/op | error |
|---|---|---:|---:|
$(cat "$WORK/rows.md")

**Ten symbol-years of 1m bars in memory** (\`BarColumns\`, 525,600 bars each): JOL's walk of the
objects (every array, header and field) and the heap used after GC with them held, less before
(the default collector, whose large arrays take whole regions: above JOL's figure). The shared
recordings hold no year of real 1m bars, so two sets: 1m-like years from the real 5m months (each
5m bar five times a minute apart, real prices and volumes; their quote volumes and trade counts
are 0, which take no bytes), and the real 1m day with every column filled tiled 365 times; beside
them the same bars as \`List<Kline>\`, from JOL on a month of them. Target: ≤ 200 MB.

$memory
<!-- bars:end -->
EOT
)
emit_section bars "$section" table
