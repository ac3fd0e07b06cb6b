#!/usr/bin/env bash
# One venue reconciliation pass (reconcile/VenueReconciler) on a steady OKX account, nothing to
# repair: the fake OKX holding N open orders placed by hand and F fills that MongoDB holds settled,
# the in-memory MongoDB-wire server, a private redis-server for the adapter's rate limits. Per size:
# wall time, HTTP requests by path, MongoDB commands, and the pieces of the pass beside it.
# With --write, replaces the "Reconciliation pass" section of docs/BENCHMARKS.md.
# BENCH_CLASSPATH=CP runs on that classpath (test classes first) instead of a private copy of the
# jar, for a machine whose Maven cannot package offline; --no-build then builds nothing either.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SIZES=10x100,100x1000,300x3000 PASSES=20 SECONDS_PER_SIZE=10 AGENTS=6 WRITE=0 BUILD=1
bench_args '--no-build BUILD=0' '--write WRITE=1' '--sizes 10x100,100x1000 SIZES text # open orders x fills, per size' \
  '--passes P PASSES # the most timed passes per size' '--seconds S SECONDS_PER_SIZE # a size stops past S s (at least 5 passes)' \
  '--agents A AGENTS' -- "$@"
if [[ -n ${BENCH_CLASSPATH-} ]]; then
  if ((BUILD)); then mvn -q -DskipTests test-compile; fi
  CP=$BENCH_CLASSPATH
  HOW="this run through \`BENCH_CLASSPATH\`: \`target/classes\` and the test classpath, the jar's classes unshaded"
else
  private_build "$BUILD"
  CP="$WORK/test-classes:$WORK/mariposa.jar"
  HOW="on a private copy of the jar and the test classes"
fi
ARGS="$SIZES $PASSES $SECONDS_PER_SIZE $AGENTS"
LOAD_BEFORE=$(load_average)
started=$(date +%s)
out=$(java -cp "$CP" dev.mariposa.bench.ReconciliationBench $ARGS 2>/dev/null)
took=$(( $(date +%s) - started ))
LOAD_AFTER=$(load_average)
rows() { printf '%s\n' "$out" | grep "^$1 | " | sed -E "s/^$1 //"; }
PASS_ROWS=$(rows PASS)
COUNT_ROWS=$(rows COUNT)
FLOOR_ROWS=$(rows FLOOR)
[[ -n $PASS_ROWS ]] || { echo "the bench printed no PASS row" >&2; exit 1; }
section=$(cat <<EOF
<!-- reconcile:start (written by bench/reconcile.sh --write) -->
## Reconciliation pass

Measured on $(date -u '+%Y-%m-%d %H:%M UTC') on the machine described under [Foundation](#foundation)
(load average $LOAD_BEFORE before, $LOAD_AFTER after; ${took} s in all), by \`./bench/reconcile.sh --write\`, which runs
\`java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.ReconciliationBench $ARGS\`
($HOW).

One pass of the \`venue-reconciliation\` job (\`VenueReconciler.run\`, see ARCHITECTURE, "Reconciliation
with the venue") on a steady account, the realistic case: nothing to repair. The fake OKX
(\`testing/FakeOkx\`: real HTTP, signatures and paging, on a Vert.x of its own) holds N open limit
orders placed by hand (not of Mariposa's client-id form: each recorded as \`foreign_order\` and left
alone) and F fills, the two halves of F/2 filled buys by $AGENTS agents over 5 USDT symbols, which the
in-memory MongoDB-wire server holds settled with the same fills, applied to the agents' accounts; the
venue's balances are what those fills left, so they cover every position. The OKX adapter takes its
shared rate-limit tokens from a private redis-server, emptied before each pass as the 60 s between two
passes (\`reconciliation.intervalMs\`) leave them. Each size starts on fresh stores and a fresh fake;
two unmeasured repetitions, then up to $PASSES passes (fewer once $SECONDS_PER_SIZE s have gone by, never fewer than 5:
with 5, p90 is the largest), each run on one event-loop context as the job runs it. Every pass is
checked to find the N foreign orders and nothing else, and to fail on nothing.

| open orders N | fills F (orders) | agents | passes | p50 ms | p90 ms | min ms | max ms | of which venue reads, p50 ms | found each pass |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
$PASS_ROWS

What the last pass asked (every pass asks the same, but for a retried token): the HTTP requests the
fake received, by path; the MongoDB commands by command and collection (the driver's listener,
\`mariposa.mongo.commands\`); the rate-limiter calls (EVALSHA of \`gcra.lua\`: one per request, and
one more each time a request waited for its token).

| N | F (orders) | HTTP requests to the fake OKX | MongoDB commands | rate-limiter calls |
|---:|---:|---|---|---:|
$COUNT_ROWS

Where the time goes, medians beside each pass, on the same stores: "venue reads" is when the last of
the pass's three OKX reads completed (the adapter wrapped), the rest of the pass being its compare.
The per-call figures are 200 orders (or all, when fewer) read one after the other, as the pass read
them before it batched them: an order by \`_id\` (\`OrderRepository.get\`), then its fills by client
order id; "× orders" is both per-call figures times the orders, what those per-order reads cost.
Beside it, the same orders and fills in two \`\$in\` reads at once, as the pass reads them now, and the
N foreign-order records written one by one (as the pass writes them, an upsert each) and in one bulk write.

| N | F (orders) | pass ms | venue reads ms | order by id µs/call | its fills µs/call | × orders ms | two \`\$in\` reads ms | N records one by one ms | in one bulk write ms |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$FLOOR_ROWS

- The venue reads are paged 100 rows at a time, each page after a token of a limit the cluster
  shares (orders-pending and fills: 30 per 2 s with a burst of 20, half of OKX's 60 per 2 s, as for
  placements; balance: 5 per 2 s, burst 3). A fills read past about 21 pages waits 1/15 s per
  further page: that part of the pass is set by the limit, not by Mariposa's speed.
- The compare reads the venue's open orders of Mariposa's form in one \`\$in\` query, then the
  orders of the window's fills and their stored fills in two more (\`OrderRepository.byIds\`,
  \`FillRepository.ofOrders\`). It writes one record per foreign order, one after the other. The
  agents (beside the venue reads) and their accounts (at the end) are one read each. Before the
  reads were batched (the first run of this bench, at 06:54 UTC on 2026-12-05) the pass made two reads
  per filled order, one after the other, and took a median 83.6, 375.8 and 2304 ms at the three sizes.
- On the embedded server (mongo-java-server, the shipped default and this bench), fills by
  \`clOrdId\` scan the whole \`fills\` collection: it keeps unique indexes only (it logs "adding
  secondary index ... is not yet implemented. ignoring" for \`clOrdId_1\`), so that read costs more as
  fills accumulate, those outside the window included. MongoDB proper answers it from \`clOrdId_1\`.
<!-- reconcile:end -->
EOF
)
emit_section reconcile "$section"
