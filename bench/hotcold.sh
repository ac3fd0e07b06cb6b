#!/usr/bin/env bash
# Hot and cold data: the cache codec on the largest cached values (CompressionJmh, JMH), the Redis
# memory it saves on a replay, and the MongoDB load with the cache on and off on the same replayed
# workload (HotColdBench). With --write, replaces the "hotcold" section of docs/BENCHMARKS.md
# (between its markers). --quick: a short validation run (not for the record). See bench/README.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROUNDS=20 WRITE=0 BUILD=1 QUICK=0 DATA=${DATA:-../shared/data}
bench_args '--no-build BUILD=0' '--write WRITE=1' '--rounds N ROUNDS' '--quick QUICK=1' -- "$@"
private_build "$BUILD"
mvn -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="$WORK/test-classes:$WORK/mariposa.jar"
JMH_ARGS="-f 1 -wi 3 -w 2s -i 5 -r 2s"
if ((QUICK)); then
  JMH_ARGS="-f 1 -wi 1 -w 1s -i 1 -r 1s" ROUNDS=3
fi

LOAD_BEFORE=$(load_average)
sizes=$(java -cp "$CP" dev.mariposa.redis.CompressionJmh "$DATA" | grep '^SIZE')
# shellcheck disable=SC2086
java -Dmariposa.shared.data="$DATA" -cp "$WORK/test-classes:$(cat "$WORK/cp.txt"):$WORK/mariposa.jar" org.openjdk.jmh.Main \
  CompressionJmh $JMH_ARGS -rf json -rff "$WORK/jmh.json" >"$WORK/jmh.log" 2>&1 || { tail -40 "$WORK/jmh.log" >&2; exit 1; }
if ! java -cp "$CP" dev.mariposa.bench.HotColdBench "$DATA" "$ROUNDS" >"$WORK/bench.log" 2>&1; then
  tail -40 "$WORK/bench.log" >&2
  exit 1
fi
bench=$(grep -E '^(NAMESPACE|MEMORY|DBLOAD)' "$WORK/bench.log")
LOAD_AFTER=$(load_average)

tables=$(python3 - "$WORK/jmh.json" "$sizes" "$bench" <<'PY'
import json, sys
jmh, sizes, bench = json.load(open(sys.argv[1])), sys.argv[2].splitlines(), sys.argv[3].splitlines()
size = {l.split()[1]: (int(l.split()[2]), int(l.split()[3])) for l in sizes}
times = {}
for r in jmh:
    op = r["benchmark"].rsplit(".", 1)[1]
    times[(r["params"]["value"], op)] = (float(r["primaryMetric"]["score"]), float(r["primaryMetric"]["scoreError"]))
print("| value | JSON bytes | stored bytes | stored / JSON | encode µs | decode µs |")
print("|---|---:|---:|---:|---:|---:|")
for name, (j, s) in size.items():
    e, d = times.get((name, "encode"), (float("nan"), 0)), times.get((name, "decode"), (float("nan"), 0))
    print(f"| {name} | {j:,} | {s:,} | {s / j:.2f} | {e[0]:.2f} ± {e[1]:.2f} | {d[0]:.2f} ± {d[1]:.2f} |")
print()
kv = lambda line: dict(p.split("=", 1) for p in line.split()[1:] if "=" in p)
print("| namespace | string keys | stored compressed | JSON bytes | stored bytes | saved | largest JSON |")
print("|---|---:|---:|---:|---:|---:|---:|")
for line in bench:
    if line.startswith("NAMESPACE"):
        ns = line.split()[1]
        v = kv(line)
        j, s = int(v["json_bytes"]), int(v["stored_bytes"])
        print(f"| {ns} | {int(v['keys']):,} | {int(v['compressed']):,} | {j:,} | {s:,} | {100 * (j - s) / max(1, j):.1f} % | {int(v['largest_json']):,} |")
for line in bench:
    if line.startswith("MEMORY"):
        v = kv(line)
        j, s = int(v["string_json_bytes"]), int(v["string_stored_bytes"])
        print(f"| **all** | | | {j:,} | {s:,} | {100 * (j - s) / max(1, j):.1f} % | |")
        print()
        print(f"Redis used_memory after the replay (compression on): {int(v['used_memory']):,} bytes; "
              f"the string values saved {j - s:,} bytes of it.")
print()
print("| cache | MongoDB commands per dashboard opening | per API request | idle commands/s (subtracted) |")
print("|---|---:|---:|---:|")
rows = {}
for line in bench:
    if line.startswith("DBLOAD"):
        v = kv(line)
        rows[v["cache"]] = v
        print(f"| {v['cache']} | {float(v['mongo_per_dashboard']):.2f} ({v['dashboard_requests']} requests) | "
              f"{float(v['mongo_per_api_request']):.3f} | {float(v['idle_mongo_per_s']):.2f} |")
if "on" in rows and "off" in rows:
    d_on, d_off = float(rows["on"]["mongo_per_dashboard"]), float(rows["off"]["mongo_per_dashboard"])
    a_on, a_off = float(rows["on"]["mongo_per_api_request"]), float(rows["off"]["mongo_per_api_request"])
    print()
    print(f"Reduction of MongoDB commands by the cache: dashboard opening {100 * (1 - d_on / d_off):.0f} %, "
          f"API requests {100 * (1 - a_on / a_off):.0f} % (the original system claimed 70–90 %).")
    print()
    print(f"<!-- target dbload: API requests {100 * (1 - a_on / a_off):.0f} % fewer MongoDB commands "
          f"({a_on:.2f} vs {a_off:.2f} per request), dashboard opening {100 * (1 - d_on / d_off):.0f} % "
          f"({d_on:.1f} vs {d_off:.1f}) -->")
PY
)
if ((QUICK)); then # a validation run's figures are not for the targets table
  tables=$(printf '%s\n' "$tables" | grep -v '^<!-- target ')
fi
section=$(cat <<EOF
<!-- hotcold:start (written by bench/hotcold.sh --write) -->
## Hot and cold data: compression and the database load saved

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/hotcold.sh --write\`$(if ((QUICK)); then echo " --quick (a short validation run, not a measurement)"; fi).

\`\`\`sh
java -cp target/test-classes:<test classpath> org.openjdk.jmh.Main CompressionJmh $JMH_ARGS
java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.HotColdBench ../shared/data $ROUNDS
\`\`\`

**The codec** (\`redis/ValueCodec\`, LZ4 block, values above \`cache.compressAboveBytes\` = 1024
bytes) on values built from the recordings: the BTCAUD top-20 book of the 2021-04-05 REST snapshot
as the feed publishes it (below the threshold: stored as JSON, encode is a length check), and 100
and 1000 BTCUSDT 1m bars of 2024-09-21 as the klines API answers them. JMH average time, one
thread, errors are 99.9 % intervals. Encoding runs on the event loop of the writer: a 300 KB value
costs the time below once per write.

**Redis memory on a replay**: the BTCUSDT and ETHUSDT days replayed at 3000× (a day in 30 s) with every
role but http (analysis of each close by the demo agents), then every string value under the
prefix read back: its stored size against its JSON size. Bars are sorted-set members of about
300 bytes each (the last 1000 per series), never one large value, so they are not in this table.

$tables

**Database load**: on the same replayed days, two http-only instances beside the worker, one with
\`cache.enabled=true\` and one with \`false\` (bars from MongoDB, performance and the leaderboard
computed from the fills), answer the same requests: the dashboard's opening requests as
\`webroot/app.js\` sends them (health, agents, tickers, 300 1m bars, book, 24 1h bars per symbol,
trades, leaderboard, halt, jobs, system, cluster, 20 signals per agent), and an API mix (1m, 5m and
1h bars per symbol, 500 bars from the start of the day, the leaderboard, each agent and its
performance); $ROUNDS rounds of each after one unmeasured round. Commands are counted by the MongoDB
driver of each instance (\`mariposa_mongo_commands_total\`); what the instance sends by itself
over an idle window of the same length is subtracted. Agents, signals and trades have no cache
in front of MongoDB, on or off: they count in both rows.
<!-- hotcold:end -->
EOF
)
emit_section hotcold "$section" table
