#!/usr/bin/env bash
# Tick → browser socket on another instance, Mariposa beside its peer (Node.js socket.io) in one run:
# SockJsFanoutBench (as bench/http.sh runs it), then Node.js socket.io with its Redis adapter
# (bench/socketio/run.js) at the same sockets, rates, durations and repetitions, on a private
# redis-server. Prints both tables and the ratios; with --write, replaces the "socket.io peer"
# section of docs/BENCHMARKS.md (between its markers). See bench/README.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SECONDS_PER_RUN=8 REPEATS=3 SOCKETS=1000 WRITE=0 BUILD=1 WORKERS=2 HOLDERS=1 RATES="100 1000"
# --workers: socket.io client processes (SockJsLoadClient runs 2 event loops); --holders: socket.io
# B processes (default 1: one instance B).
bench_args '--no-build BUILD=0' '--write WRITE=1' '--seconds S SECONDS_PER_RUN' '--repeats R REPEATS' '--sockets N SOCKETS' \
  '--workers W WORKERS' '--holders K HOLDERS' -- "$@"
for tool in java node npm redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "bench/peer.sh needs $tool on PATH" >&2; exit 1; }
done
private_build "$BUILD"
CP="$WORK/test-classes:$WORK/mariposa.jar"
if [[ ! -d bench/socketio/node_modules ]]; then
  (cd bench/socketio && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

LOAD_BEFORE=$(load_average)
START=$(date +%s)
echo "Mariposa: SockJsFanoutBench $SECONDS_PER_RUN s × $REPEATS, $SOCKETS sockets, ${RATES// /, } ticks/s" >&2
mariposa_cmd="java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.SockJsFanoutBench $SECONDS_PER_RUN $REPEATS $SOCKETS $RATES"
# shellcheck disable=SC2086 # RATES is a list
mariposa=$(java -cp "$CP" dev.mariposa.bench.SockJsFanoutBench "$SECONDS_PER_RUN" "$REPEATS" "$SOCKETS" $RATES 2>/dev/null \
  | grep '^|\|^$' | cat -s | sed '/./,$!d')

# The peer's private redis-server, configured as EmbeddedRedis.ephemeral() starts Mariposa's.
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --loglevel warning --logfile "$WORK/redis.log" &
REDIS_PID=$!
on_exit 'kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null'
for _ in $(seq 100); do
  [[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && break
  sleep 0.05
done
echo "socket.io peer: redis-server on $REDIS_PORT (pid $REDIS_PID)" >&2
peer_args=(--seconds "$SECONDS_PER_RUN" --repeats "$REPEATS" --sockets "$SOCKETS" --rates "${RATES// /,}"
  --workers "$WORKERS" --holders "$HOLDERS")
peer_cmd="node bench/socketio/run.js --redis redis://127.0.0.1:PORT --redis-pid PID ${peer_args[*]}"
peer=$(node bench/socketio/run.js --redis "redis://127.0.0.1:$REDIS_PORT" --redis-pid "$REDIS_PID" "${peer_args[@]}" \
  | grep '^|\|^$' | cat -s | sed '/./,$!d')
kill "$REDIS_PID" 2>/dev/null || true
wait "$REDIS_PID" 2>/dev/null || true
LOAD_AFTER=$(load_average)
MINUTES=$((($(date +%s) - START + 30) / 60))

# Medians rows: | path | ticks/s | sockets | delivered | p50 | p99 | p99.9 | server cores | ...
ratios=$(printf '%s\n%s\n' "$mariposa" "$peer" | awk -F'|' '
  function trim(s) { gsub(/^ +| +$/, "", s); return s }
  function num(s) { s = trim(s); gsub(/[,%]/, "", s); return s + 0 }
  function ratio(a, b) { return b <= 0 ? "–" : sprintf(a / b >= 0.1 ? "%.2f×" : "%.2g×", a / b) }
  NF >= 10 && trim($2) ~ /^Mariposa / {
    rate = trim($3); m[rate] = 1; p50[rate] = num($6); p99[rate] = num($7); del[rate] = num($5); cores[rate] = num($9)
  }
  NF >= 10 && trim($2) ~ /^socket\.io / {
    n++; prate[n] = trim($3); ppath[n] = trim($2); pp50[n] = num($6); pp99[n] = num($7); pdel[n] = num($5); pcores[n] = num($9)
  }
  END {
    print "| ticks/s | Mariposa ÷ | p50 | p99 | delivered | server cores |"
    print "|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      r = prate[i]
      if (!(r in m)) continue
      peer = ppath[i]; sub(/^socket\.io A → Redis adapter → B, /, "socket.io ", peer)
      printf "| %s | %s | %s | %s | %s | %s |\n", r, peer, ratio(p50[r], pp50[i]), ratio(p99[r], pp99[i]),
        ratio(del[r], pdel[i]), ratio(cores[r], pcores[i])
    }
  }')

TARGETS=$(target_line peer "$(printf '%s\n' "$ratios" | awk -F'|' '$2 ~ /1,000/ {
  for (i = 3; i <= 7; i++) gsub(/^ +| +$/, "", $i); printf "%sMariposa ÷ %s at 1k ticks/s: p50 %s, p99 %s, delivered %s, server cores %s", (n++ ? "; " : ""), $3, $4, $5, $6, $7 }' | tr -s ' ')")
section=$(cat <<EOF
<!-- peer:start (written by bench/peer.sh --write) -->
$TARGETS
## socket.io peer: tick → browser socket on another instance

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after; about $MINUTES min), by \`./bench/peer.sh --write\`.
The target: p99 ≤ 10 ms at 1k ticks/s with 1000 sockets, measured beside Node.js
socket.io and its Redis adapter under the same load. Both halves below ran one after the other in
this run, at $SOCKETS sockets and ${RATES// / and } ticks/s, $SECONDS_PER_RUN s per run and $REPEATS runs per rate, each after a
warm-up.

### Mariposa

\`\`\`sh
$mariposa_cmd
\`\`\`

As in [HTTP role](#http-role-browser-fan-out-and-rate-limits): instance A publishes tickers on its
event bus, instance B (the shipped two HTTP verticles) gets them only through Redis and serves the
SockJS clients (raw WebSocket transport) run by \`SockJsLoadClient\` in a child JVM with 2 event
loops. "Server cores" is the one JVM holding A and B. Latest-wins and paced: a socket gets the
newest ticker at most once per \`http.sockJs.snapshotIntervalMs\` (50 ms) and when it can take
one, so "delivered" below 100% is by design (2% at 1000 ticks/s). The floors are bare Vert.x
WebSocket fan-outs fed in-process (no Redis, no SockJS), writing every tick or, paced alike, the
newest.

$mariposa

### Node.js socket.io $(node -p 'require("./bench/socketio/package.json").dependencies["socket.io"]') with @socket.io/redis-adapter $(node -p 'require("./bench/socketio/package.json").dependencies["@socket.io/redis-adapter"]') (Node $(node --version))

\`\`\`sh
$peer_cmd    # run by the script, PORT and PID = its redis-server
\`\`\`

Two processes of \`bench/socketio/server.js\`, on a private redis-server configured as Mariposa's
(\`--save '' --appendonly no\`): A holds no sockets and emits the same ticker (its fields plus the
sender's \`process.hrtime.bigint()\`, CLOCK_MONOTONIC as Java's \`System.nanoTime()\`) to a room at
the rate; B holds the sockets (each joined the room) and gets A's emits only through Redis, by the
adapter. The clients (\`client.js\`, socket.io-client, websocket transport only) run in $WORKERS
processes and record receive − send in an HdrHistogram. A socket.io emit is encoded once per
broadcast. **volatile emit**, socket.io's idiom for droppable ticks: B drops the packet for a socket
whose transport has not finished its previous write (the first tick of a burst is kept, not the
newest), so "delivered" below 100% is by design, as for Mariposa. **plain emit**: every tick is
queued for every socket, without a bound. "Server cores" is A + B from \`/proc/<pid>/stat\` over the
measured emission; redis-server's CPU is shown apart (Mariposa's column does not include its
redis-server either).

$peer

### Ratios: Mariposa ÷ socket.io (medians)

Below 1 for p50 and p99: Mariposa faster; above 1 for delivered: Mariposa delivers more of the
ticks; below 1 for server cores: Mariposa uses less CPU. The two client stacks differ (a Java
raw-WebSocket client that scans the frame for its timestamp, against socket.io-client decoding
every packet), and both share the 2 cores with the servers, so the clients' cost is part of each
latency.

$ratios
<!-- peer:end -->
EOF
)
emit_section peer "$section" table
