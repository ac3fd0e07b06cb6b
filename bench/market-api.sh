#!/usr/bin/env bash
# The cached market API (GET /api/market/BTCUSDT/ticker) under wrk, beside a bare Vert.x handler
# returning a constant ticker of the same size, in the same run; and the cache hit ratio. With
# --write, replaces the "Market API" section of docs/BENCHMARKS.md. Needs wrk (apt-get install wrk).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

REPEATS=3 DURATION=10 CONNECTIONS=64 WRITE=0 BUILD=1
bench_args '--no-build BUILD=0' '--write WRITE=1' '--repeats R REPEATS' '--duration S DURATION' -- "$@"
command -v wrk >/dev/null || { echo "wrk is required (Debian: apt-get install wrk)" >&2; exit 1; }
private_build "$BUILD"
on_exit 'kill ${MPID:-} ${BPID:-} 2>/dev/null; wait 2>/dev/null'

MPORT=$(free_port); BPORT=$(free_port)
# wrk is one client IP: the market group's budget is raised to 100k requests/s (bursts of 60k, so
# leases of 3000 tokens), so the run measures the rate-limited path, not 429s.
cat >"$WORK/bench-config.json" <<'JSON'
{"rateLimit": {"policies": {"market": {"requests": 6000000, "periodSeconds": 60, "burst": 60000}}}}
JSON
(cd "$WORK" && exec env -i PATH="$PATH" HTTP_PORT="$MPORT" MARKET_SOURCE=synthetic SYMBOLS=BTCUSDT,ETHUSDT \
  VERTX_CONFIG_PATH="$WORK/bench-config.json" java -jar mariposa.jar >"$WORK/mariposa.log" 2>&1) &
MPID=$!
java -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.BareHandlerServer "$BPORT" 2 >"$WORK/bare.log" 2>&1 &
BPID=$!
for _ in $(seq 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$MPORT/api/market/BTCUSDT/ticker" && curl -sf -o /dev/null "http://127.0.0.1:$BPORT/" && break
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$MPORT/api/market/BTCUSDT/ticker" || { tail "$WORK/mariposa.log"; exit 1; }

hits() { curl -s "http://127.0.0.1:$MPORT/metrics" | awk '/^mariposa_cache_requests_total\{/ && /layer="process"/ { if ($0 ~ /result="hit"/) h+=$2; else m+=$2 } END { printf "%d %d", h, m }'; }
run() { # url -> "req/s p99ms"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v = v * 1000 } p99 = v }
    END { printf "%.0f %.2f", rps, p99 }'
}
LOAD_BEFORE=$(load_average)
run "http://127.0.0.1:$MPORT/api/market/BTCUSDT/ticker" >/dev/null   # warm-up
run "http://127.0.0.1:$BPORT/" >/dev/null
read -r h0 m0 <<<"$(hits)"
rows=() ratios=() mrps=() brps=() mp99=() bp99=()
for r in $(seq "$REPEATS"); do
  read -r mr mp <<<"$(run "http://127.0.0.1:$MPORT/api/market/BTCUSDT/ticker")"
  read -r br bp <<<"$(run "http://127.0.0.1:$BPORT/")"
  ratio=$(python3 -c "print(f'{$mr/$br:.2f}')")
  rows+=("| $r | $mr | $mp | $br | $bp | ${ratio}× |")
  mrps+=("$mr"); brps+=("$br"); mp99+=("$mp"); bp99+=("$bp"); ratios+=("$ratio")
done
read -r h1 m1 <<<"$(hits)"
LOAD_AFTER=$(load_average)
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END { print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2) }'; }
hit_ratio=$(python3 -c "h=$h1-$h0; m=$m1-$m0; print(f'{100*h/max(1,h+m):.3f}')")

TARGETS=$(printf '%s\n%s' "$(target_line marketapi "median $(median "${mrps[@]}") req/s, p99 $(median "${mp99[@]}") ms, $(median "${ratios[@]}")× the bare handler ($(median "${brps[@]}") req/s, p99 $(median "${bp99[@]}") ms)")" \
  "$(target_line hitratio "in-process layer $hit_ratio % during the API runs")")
section=$(cat <<EOF
<!-- marketapi:start (written by bench/market-api.sh --write) -->
$TARGETS
## Market API (cached ticker)

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/market-api.sh --write\`.
\`java -jar target/mariposa.jar\` runs on its embedded defaults with \`MARKET_SOURCE=synthetic\`
(the feed leader writes BTCUSDT's ticker to Redis ten times a second; the API reads it through
the in-process layer, 250 ms, then Redis), with the API's rate limit (the market group raised to
100k requests/s for wrk's one IP, so every request is counted against a lease) and the OpenAPI
parameter check on the path. Beside it, in the same run, the floor:
\`dev.mariposa.bench.BareHandlerServer\`, plain Vert.x answering a constant ticker of the same size
on 2 event loops. wrk runs on the same 2 cores: \`wrk -t2 -c$CONNECTIONS -d${DURATION}s --latency URL\`,
Mariposa then the floor, $REPEATS times after a warm-up.

| run | Mariposa req/s | Mariposa p99 ms | bare Vert.x req/s | bare p99 ms | ratio |
|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")

| figure | median | target |
|---|---:|---|
| Mariposa GET ticker | $(median "${mrps[@]}") req/s, p99 $(median "${mp99[@]}") ms | ≥ 30k req/s, p99 ≤ 5 ms |
| bare Vert.x constant handler | $(median "${brps[@]}") req/s, p99 $(median "${bp99[@]}") ms | |
| ratio Mariposa ÷ bare | $(median "${ratios[@]}")× | ≥ 0.6× |
| in-process cache hit ratio during the runs | ${hit_ratio} % | ≥ 99 % |
<!-- marketapi:end -->
EOF
)
emit_section marketapi "$section" table
