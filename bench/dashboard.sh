#!/usr/bin/env bash
# The live dashboard's frame rate: 50 symbols and 100 agents, 1k ticks/s arriving, measured in
# headless Chromium with the page's performance API (DashboardFpsBench), beside an empty page's
# frame rate in the same run. With --write, replaces the "Dashboard" section of docs/BENCHMARKS.md.
# Needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SECONDS_PER_RUN=10 REPEATS=3 SYMBOLS=50 AGENTS=100 RATE=1000 WRITE=0 BUILD=1
bench_args '--no-build BUILD=0' '--write WRITE=1' '--seconds S SECONDS_PER_RUN' '--repeats R REPEATS' \
  '--symbols N SYMBOLS' '--agents N AGENTS' '--rate N RATE' -- "$@"
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || { echo "needs /usr/bin/chromium and /usr/bin/chromedriver" >&2; exit 1; }
((BUILD)) && mvn -q -DskipTests package test-compile
work_dir
mvn -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
cp -r target/test-classes target/mariposa.jar "$WORK/"
CP="$WORK/test-classes:$WORK/mariposa.jar:$(cat "$WORK/cp.txt")"
cmd="java -cp target/test-classes:target/mariposa.jar:<test classpath> dev.mariposa.bench.DashboardFpsBench $SECONDS_PER_RUN $REPEATS $SYMBOLS $AGENTS $RATE"
LOAD_BEFORE=$(load_average)
out=$(java -cp "$CP" dev.mariposa.bench.DashboardFpsBench "$SECONDS_PER_RUN" "$REPEATS" "$SYMBOLS" "$AGENTS" "$RATE" 2>/dev/null | grep '^|\|^$\|^Medians' | sed '/./,$!d')
LOAD_AFTER=$(load_average)
TARGETS=$(target_line dashboard "$(printf '%s\n' "$out" | awk -F'|' '$2 ~ /median/ { gsub(/^ +| +$/, "", $3); gsub(/ /, "", $7); gsub(/ /, "", $9); gsub(/ /, "", $14); gsub(/ /, "", $15)
    if ($3 == "dashboard") { d = sprintf("%s frames/s (frame p99 %s ms) at %s ticks/s with %s ticker rows and %s agent rows", $7, $9, $6, $14, $15) }
    else { f = sprintf("; an empty page %s frames/s", $7) } } END { print d f }' | tr -s ' ')")
section=$(cat <<EOF2
<!-- dashboard:start (written by bench/dashboard.sh --write) -->
$TARGETS
## Dashboard

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/dashboard.sh --write\`, which runs

\`\`\`sh
$cmd
\`\`\`

One instance (http, session and metrics roles; its own redis-server and MongoDB-wire server) holds
$AGENTS paper agents over $SYMBOLS symbols, created through \`POST /api/agents\`. The bench publishes
tickers at $RATE a second on the instance's event bus (round-robin over the symbols, each price
walking) and each symbol's 1m bar once a second; the metrics role publishes every agent's figures
every 2 s. Headless Chromium (1600×1000, \`--headless=new\`) shows the dashboard; a script in the page
counts \`requestAnimationFrame\` callbacks and long tasks (\`PerformanceObserver\`, tasks over 50 ms)
for $SECONDS_PER_RUN s while the load runs. The floor, in the same run: an empty page's frames. The
page redraws at most once per frame and only the panels whose data changed; tickers reach a socket
latest-wins, paced per address (\`http.sockJs.snapshotIntervalMs\`). "events/s shown" is the page's own
count of the bus events it received; the rows are what the page listed at the end of the run.
Chromium, the instance and the publisher share the machine's 2 cores.

$out
<!-- dashboard:end -->
EOF2
)
emit_section dashboard "$section" table
