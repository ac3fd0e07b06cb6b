#!/usr/bin/env bash
# Every end-to-end benchmark on this machine, one after the other, each writing its section of
# docs/BENCHMARKS.md (with its floor or peer, the date, the load and the command), then the targets
# table at the top (bench/targets.sh). About 40 minutes on 2 cores; run it on a quiet machine
# (each section records the load average before and after). Needs what each script needs (see
# bench/README.md): redis-server, redis-benchmark, wrk, node and npm, ../shared/data.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
NAMES="foundation bridge ingest jmh bars market-api analysis signal exit reconcile http peer backtest memory hotcold dashboard"
SKIP=" "
bench_args '--skip NAME SKIP list' "(names: $NAMES)" -- "$@"
mvn -q -DskipTests package test-compile
started=$(date +%s)
for name in $NAMES; do
  if [[ "$SKIP" == *" $name "* ]]; then
    echo "[all] skipped $name" >&2
    continue
  fi
  echo "[all] $name ($(( ($(date +%s) - started) / 60 )) min so far)" >&2
  "bench/$name.sh" --no-build --write >/dev/null
done
bench/targets.sh
echo "[all] done in $(( ($(date +%s) - started) / 60 )) min: docs/BENCHMARKS.md" >&2
