#!/usr/bin/env bash
# A remote model's round trip (RemoteModelBench): the analysis role's RemoteModel → TCP event-bus
# bridge → examples/python/rsi_model.py (a real python3) → back. With --write, replaces the
# "Remote model" section of docs/BENCHMARKS.md. Needs ../shared/data (or DATA=path) and python3.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
REPEATS=5 REQUESTS=2000 INFLIGHT=32 WRITE=0 BUILD=1 DATA=${DATA:-../shared/data}
bench_args '--no-build BUILD=0' '--write WRITE=1' '--repeats R REPEATS' '--requests N REQUESTS' '--in-flight K INFLIGHT' -- "$@"
need_recordings
private_build "$BUILD"
LOAD_BEFORE=$(load_average)
out=$(java -cp "$WORK/test-classes:$WORK/mariposa.jar" dev.mariposa.bench.RemoteModelBench "$DATA" "$REQUESTS" "$INFLIGHT" "$REPEATS" 2>/dev/null | grep '^|')
LOAD_AFTER=$(load_average)
section=$(cat <<EOF2
<!-- remote-model:start (written by bench/remote-model.sh --write) -->
## Remote model (TCP bridge, Python)

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after), by \`./bench/remote-model.sh --write\`, which runs
\`java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.RemoteModelBench ../shared/data $REQUESTS $INFLIGHT $REPEATS\`.
One instance (its own redis-server and MongoDB-wire server) with the TCP bridge on loopback, and
the example model \`examples/python/rsi_model.py\` as a real python3 process. Each request is the
analysis role's own \`RemoteModel.decide\` (circuit breaker, event-bus request with its timeout,
the answer checked) on an indicator snapshot of the real BTCUSDT day (2024-09-21), through the
bridge's 4-byte length-prefixed JSON frames to Python and back: latency from the call to the
decision. $REQUESTS requests one at a time, then $INFLIGHT in flight (the Python model answers on one
thread: its throughput bounds the second row); after a warm-up run, $REPEATS runs, then the medians.

$out
<!-- remote-model:end -->
EOF2
)
emit_section remote-model "$section"
