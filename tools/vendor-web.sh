#!/usr/bin/env bash
# Vendors the browser libraries of the dashboard and of /api/docs into
# src/main/resources/webroot/vendor/, from the npm registry through `npm pack` (the registry
# configured for npm on this machine), at the pinned versions below. Run it from anywhere; commit
# what it changes. The pages never load a CDN.
set -euo pipefail

EVENTBUS=@vertx/eventbus-bridge-client.js@1.0.0
SOCKJS=sockjs-client@1.6.1
CHARTS=lightweight-charts@5.2.1
REDOC=redoc@2.5.4

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/src/main/resources/webroot/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() { # <spec> <dir>: npm pack into the temp dir, unpacked under <dir>/package
  local tgz
  tgz="$(cd "$work" && npm pack --silent "$1" | tail -n 1)"
  mkdir -p "$work/$2"
  tar -xzf "$work/$tgz" -C "$work/$2"
}

unpack "$EVENTBUS" eventbus
unpack "$SOCKJS" sockjs
unpack "$CHARTS" charts
unpack "$REDOC" redoc

mkdir -p "$out"
cp "$work/eventbus/package/vertx-eventbus.js" "$out/vertx-eventbus.js"
cp "$work/sockjs/package/dist/sockjs.min.js" "$out/sockjs.min.js"
cp "$work/charts/package/dist/lightweight-charts.standalone.production.js" "$out/lightweight-charts.standalone.production.js"
# /api/docs: Redoc's standalone bundle renders /openapi.yaml (one file, React included).
cp "$work/redoc/package/bundles/redoc.standalone.js" "$out/redoc.standalone.js"

cp "$work/sockjs/package/LICENSE" "$out/sockjs-client.LICENSE"
cp "$work/charts/package/LICENSE" "$out/lightweight-charts.LICENSE"
# Redoc's MIT license, then the notices of what its bundle includes (React, DOMPurify ...).
{
  cat "$work/redoc/package/LICENSE"
  echo
  echo "Licenses of the packages bundled in redoc.standalone.js (bundles/redoc.standalone.js.LICENSE.txt):"
  echo
  cat "$work/redoc/package/bundles/redoc.standalone.js.LICENSE.txt"
} > "$out/redoc.LICENSE"
# The eventbus client's package ships no license file: its source header grants EPL-1.0 or
# Apache-2.0 at the user's choice. Keep that header, then the Apache License 2.0 terms (taken
# verbatim from the lightweight-charts package, which is under the same license).
{
  echo "@vertx/eventbus-bridge-client.js ${EVENTBUS##*@}: license header of vertx-eventbus.js"
  echo "(package.json: \"license\": \"$(node -p "require('$work/eventbus/package/package.json').license")\")"
  echo
  sed -n '1,/\*\//p' "$work/eventbus/package/vertx-eventbus.js"
  echo
  echo "The Apache License 2.0 terms follow."
  echo
  sed -n '1,/END OF TERMS AND CONDITIONS/p' "$work/charts/package/LICENSE"
} > "$out/vertx-eventbus.LICENSE"

for f in vertx-eventbus.js sockjs.min.js lightweight-charts.standalone.production.js redoc.standalone.js; do
  printf '%s  %s\n' "$(sha256sum "$out/$f" | cut -d' ' -f1)" "$f"
done > "$out/SHA256SUMS"
echo "Vendored $EVENTBUS, $SOCKJS, $CHARTS, $REDOC into ${out#"$root"/}"
