#!/usr/bin/env bash
# The reliability and security suite (issue 10, docs/RELIABILITY.md) in one command: Redis outage
# under load, instance crash, exchange chaos, hostile input, security, and the Redis-level tests
# on a three-master Redis Cluster; with --soak also the 30-minute soak (bench/memory.sh, which
# rewrites the Memory section of docs/BENCHMARKS.md). Every part but the soak also runs in the
# normal build (mvn -B verify). Each test prints its figures; several also write them to
# target/reliability/.
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK=0
while (($#)); do
  case "$1" in
    --soak) SOAK=1 ;;
    *) echo "usage: tools/reliability.sh [--soak]" >&2; exit 2 ;;
  esac
  shift
done
mvn -B verify -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='RedisOutageUnderLoadTest,ExchangeChaosTest,HostileInputTest,SecurityTest,MalformedRequestTest' \
  -Dit.test='FeedCrashIT,ExactlyOnceIT'
mvn -B -Predis-cluster surefire:test@redis-cluster
if ((SOAK)); then
  ./bench/memory.sh --no-build --write --seconds 1800 --every 60
fi
