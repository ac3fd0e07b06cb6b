#!/usr/bin/env python3
"""Prints Mariposa's live tickers, received over the TCP event-bus bridge (standard library only).

    python3 watch_tickers.py --port 7000 BTCUSDT ETHUSDT

Public addresses (market.*, analysis.result.*, signal.*, trade.*, perf.*, system.status, jobs.*)
need no token; anything else is refused by the bridge.
"""

import argparse
import json
import os
import sys

from mariposa_bus import EventBus


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("symbols", nargs="*", default=["BTCUSDT"])
    parser.add_argument("--host", default=os.environ.get("MARIPOSA_BRIDGE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("MARIPOSA_BRIDGE_PORT", "7000")))
    parser.add_argument("--count", type=int, default=0, help="stop after this many tickers (0: never)")
    args = parser.parse_args()
    bus = EventBus(args.host, args.port)
    seen = [0]

    def on_ticker(message):
        print(json.dumps(message["body"], separators=(",", ":")), flush=True)
        seen[0] += 1
        if args.count and seen[0] >= args.count:
            bus.close()

    for symbol in args.symbols:
        bus.register("market.ticker." + symbol.upper(), on_ticker)
    bus.wait_closed()
    if bus.errors:
        print("refused: " + "; ".join(bus.errors), file=sys.stderr)
    return 0 if not args.count or seen[0] >= args.count else 1


if __name__ == "__main__":
    sys.exit(main())
