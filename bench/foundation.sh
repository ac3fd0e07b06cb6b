#!/usr/bin/env bash
# Foundation benchmarks: jar start to /health UP, and Redis GET round trips through
# RedisConnections beside redis-benchmark, each with its floor measured in the same run.
# Prints a Markdown block; with --write it regenerates docs/BENCHMARKS.md. See bench/README.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BUILD=1 WRITE=0 DIAG=0 REPEATS=3 STARTS=5
bench_args \
  '--no-build BUILD=0 # reuse target/mariposa.jar and target/test-classes when both exist' \
  '--write WRITE=1 # regenerate docs/BENCHMARKS.md from this run' \
  '--diag DIAG=1 # add the diagnostic Redis rows (bare client, dedicated connection, wider pool)' \
  '--repeats R REPEATS # repetitions of the Redis measurement (default 3)' \
  '--starts S STARTS # jar starts to time (default 5)' \
  -- "$@"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for tool in java curl redis-benchmark redis-server; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH"
done

if ((BUILD)) || [[ ! -f target/mariposa.jar || ! -d target/test-classes ]]; then
  log "building: mvn -q -DskipTests package test-compile"
  mvn -q -DskipTests package test-compile
fi

# Run from a private copy, so a build started elsewhere in target/ cannot change the jar mid-run.
WORK=$(mktemp -d)
APP_PID=
cleanup() {
  if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
cp target/mariposa.jar "$WORK/mariposa.jar"
cp -r target/test-classes "$WORK/test-classes"
START_TIME=$(date +%s)
LOAD_BEFORE=$(load_average)

free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

# --- jar start to /health UP ---------------------------------------------------------------
log "JVM floor: $STARTS x java -version"
floor=()
for ((i = 1; i <= STARTS; i++)); do
  t0=$(now_ms)
  env -i PATH="$PATH" java -version >/dev/null 2>&1
  floor+=($(($(now_ms) - t0)))
done

log "jar start: $STARTS x java -jar mariposa.jar in a fresh directory, polling /health every 20 ms"
start_rows=() up=() down=() inproc=()
for ((i = 1; i <= STARTS; i++)); do
  dir=$(mktemp -d "$WORK/start.XXXXXX")
  port=$(free_port)
  t0=$(now_ms)
  (cd "$dir" && exec env -i PATH="$PATH" HTTP_PORT="$port" java -jar "$WORK/mariposa.jar" >"$dir/out.log" 2>&1) &
  APP_PID=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/health" || true)
    [[ $code == 200 ]] && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$dir/out.log" >&2; die "mariposa exited before /health answered 200"; }
    (($(now_ms) - t0 < 60000)) || { cat "$dir/out.log" >&2; die "/health not 200 within 60 s"; }
    sleep 0.02
  done
  t1=$(now_ms)
  kill -TERM "$APP_PID"
  rc=0
  wait "$APP_PID" || rc=$?
  APP_PID=
  t2=$(now_ms)
  own=$(sed -n 's/.* is up in \([0-9]*\) ms.*/\1/p' "$dir/out.log" | head -n 1)
  up+=($((t1 - t0))) down+=($((t2 - t1))) inproc+=("${own:-0}")
  start_rows+=("| $i | $((t1 - t0)) | ${own:-?} | $((t2 - t1)) | $rc |")
  log "start $i: /health 200 after $((t1 - t0)) ms (banner: ${own:-?} ms), SIGTERM to exit $((t2 - t1)) ms, exit code $rc"
  rm -rf "$dir"
done
up_median=$(printf '%s\n' "${up[@]}" | median)
down_median=$(printf '%s\n' "${down[@]}" | median)
inproc_median=$(printf '%s\n' "${inproc[@]}" | median)
floor_median=$(printf '%s\n' "${floor[@]}" | median)
start_ratio=$(awk -v a="$up_median" -v b="$floor_median" 'BEGIN { printf "%.1f", a / b }')
start_verdict=$(awk -v a="$up_median" 'BEGIN { print (a <= 3000 ? "within the 3 s target" : "above the 3 s target") }')

# --- Redis round trips ---------------------------------------------------------------------
redis_args=("$REPEATS")
((DIAG)) && redis_args+=(--diag)
log "redis: RedisRoundTripBench ${redis_args[*]}"
java -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.RedisRoundTripBench "${redis_args[@]}" \
  --out "$WORK/redis.md" >&2
ELAPSED=$(($(date +%s) - START_TIME))
LOAD_AFTER=$(load_average)

# --- report --------------------------------------------------------------------------------
redis_cmd="java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.RedisRoundTripBench ${redis_args[*]}"
diag_flag=
((DIAG)) && diag_flag=" --diag"
script_cmd="./bench/foundation.sh"
((WRITE)) && script_cmd+=" --write"
script_cmd+=$diag_flag
diag_note() {
  ((DIAG)) || return 0
  cat <<'EOF'

How to read the diagnostic rows. The pooled vertx-redis client (under `RedisConnections.send`)
holds one connection per command until its reply, so at most `redis.poolSize` commands are in
flight and the other callers wait in the pool's queue. An idle connection is preferably taken on
the caller's own event loop, but a released connection goes to the oldest waiter, whatever its
event loop. Compare the 50-chain rows: a pool of 8 over 4 event loops (the first default); the same pool with callers and
connections on one event loop (no thread hops); a pool as wide as the chains (no waiting); and one
connection that pipelines all 50 chains. "JVM CPU µs/op" is the process CPU time over the run,
all threads, divided by N.
EOF
}
report() {
  cat <<EOF
## Foundation
$(target_line start "median ${up_median} ms, ${start_verdict} (JVM floor ${floor_median} ms)")

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') by \`$script_cmd\` (${ELAPSED} s for both parts, build excluded).

### Machine

| | |
|---|---|
| CPUs (\`nproc\`) | $(nproc) |
| CPU (\`lscpu\`) | $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1) |
| memory (\`free -g\`) | $(free -g | awk '/^Mem:/ { print $2 " GiB total, " $7 " GiB available" }') |
| kernel (\`uname -r\`) | $(uname -r) |
| Java (\`java -version\`) | $(java -version 2>&1 | sed -n '2p') |
| Redis (\`redis-server --version\`) | $(redis-server --version | sed 's/ sha=.*//') |
| load average 1/5/15 min (\`/proc/loadavg\`) | $LOAD_BEFORE before, $LOAD_AFTER after |

Client and server share the same cores, as in production on one host. The machine is shared and
noisy: read the ratios, which are taken within one run, rather than the absolute figures.

### Jar start to /health UP (embedded defaults)

Each start runs \`java -jar mariposa.jar\` in a fresh empty directory (so the embedded
redis-server and MongoDB start from nothing under \`./data\`), with only \`HTTP_PORT\` and
\`PATH\` in the environment. The time runs from launching the process to the first \`200\` from
\`GET /health\`, polled with curl every 20 ms (so it reads up to ~25 ms late). Then SIGTERM, and
the time until the process has exited. "banner" is the time Mariposa reports itself, from
\`Mariposa.start\` to the banner, without JVM boot.

| start | launch → /health 200, ms | banner, ms | SIGTERM → exit, ms | exit code |
|---:|---:|---:|---:|---:|
$(printf '%s\n' "${start_rows[@]}")

| figure | median of $STARTS | target |
|---|---:|---|
| launch → /health 200 | **${up_median} ms** | ≤ 3000 ms |
| of which in \`Mariposa.start\` (banner) | ${inproc_median} ms | |
| SIGTERM → exit (graceful shutdown) | ${down_median} ms | |
| floor: \`java -version\` launch → exit | ${floor_median} ms | |
| ratio: start ÷ JVM floor | ${start_ratio}× | |

### Redis GET round trips through \`RedisConnections\`

\`RedisRoundTripBench\` starts a private redis-server (\`EmbeddedRedis.ephemeral()\`), a plain
\`Vertx\` and \`RedisConnections\` with the shipped defaults (command pool of \`redis.poolSize\`, 32), stores a 3-byte
value under \`key:__rand_int__\` (the key \`redis-benchmark -t get\` reads) and, after a warm-up
of 30,000 GETs per variant, measures per repetition: one chain of sequential GETs
(\`RedisConnections.send(Request.cmd(Command.GET).arg(key))\`, the next sent from the
completion of the previous one, on an event loop); 50 such chains at once, spread over the
event loops the way verticles are; then \`redis-benchmark -h 127.0.0.1 -p PORT -t get -n 100000
-c 1 -P 1 --csv\` and the same with \`-c 50\` against the same server. Latencies are recorded in
an HdrHistogram per chain; ops/s is N over the time from the first send to the last reply.

$(cat "$WORK/redis.md")
$(diag_note)

### Commands

\`\`\`sh
./bench/foundation.sh --write$diag_flag      # builds, runs both parts, rewrites this file
# the parts on their own:
mvn -q -DskipTests package test-compile
(d=\$(mktemp -d) && cd "\$d" && env -i PATH="\$PATH" HTTP_PORT=18080 java -jar <repo>/target/mariposa.jar)
env -i PATH="\$PATH" java -version
$redis_cmd
redis-benchmark -h 127.0.0.1 -p PORT -t get -n 100000 -c 1 -P 1 --csv    # run by the bench, PORT = its redis-server
redis-benchmark -h 127.0.0.1 -p PORT -t get -n 100000 -c 50 -P 1 --csv
\`\`\`
EOF
}

block=$(report)
printf '%s\n' "$block"
if ((WRITE)); then
  # Sections written by other bench scripts (between their markers) are kept as they are.
  others=$(sed -n '/<!-- [a-z]*:start/,/<!-- [a-z]*:end -->/p' docs/BENCHMARKS.md 2>/dev/null \
    | sed '/<!-- targets:start/,/<!-- targets:end -->/d' || true)
  {
    cat <<'EOF'
# Benchmarks

This file is generated by the bench scripts (`bench/all.sh` runs them all; see [bench/README.md](../bench/README.md)).
Every figure is measured beside its floor in the same run; quote medians and ratios.

EOF
    printf '<!-- targets:start -->\n<!-- targets:end -->\n'
    printf '\n%s\n' "$block"
    [[ -n "$others" ]] && printf '\n%s\n' "$others"
  } >docs/BENCHMARKS.md
  bench/targets.sh
  log "wrote docs/BENCHMARKS.md"
fi
