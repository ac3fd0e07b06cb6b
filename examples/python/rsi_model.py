#!/usr/bin/env python3
"""An analysis model for Mariposa, in Python with the standard library only.

It registers analysis.model.<name> on Mariposa's TCP event-bus bridge and answers every request
(the indicator snapshot Mariposa's built-in models get) with a decision:

    {"action": "BUY" | "SELL" | "HOLD", "confidence": 0..1, "reasons": ["..."]}

The rule is a mean-reversion on RSI and the Bollinger bands: oversold below the lower band buys,
overbought above the upper band sells, anything else holds. An agent uses it by naming
"remote:<name>" among its models. If the connection drops, it reconnects with backoff and
registers again; Mariposa's agents use their other models meanwhile.

    python3 rsi_model.py --port 7000 --token "$API_TOKEN" --name py-rsi
"""

import argparse
import os
import sys
import time

from mariposa_bus import EventBus


def decide(snapshot):
    """The decision for one request body (see src/main/resources/events/analysis.model.request.schema.json)."""
    ind = snapshot.get("indicators", {})
    rsi = ind.get("rsi")
    price = snapshot.get("price")
    lower, upper = ind.get("bollingerLower"), ind.get("bollingerUpper")
    if rsi is None or price is None or not ind.get("warm", False):
        return {"action": "HOLD", "confidence": 0.0, "reasons": ["indicators not warm yet"]}
    if rsi < 30 and lower is not None and price <= lower:
        return {"action": "BUY", "confidence": round(min(1.0, (30 - rsi) / 20 + 0.5), 3),
                "reasons": ["RSI %.1f oversold, price below the lower band" % rsi]}
    if rsi > 70 and upper is not None and price >= upper:
        return {"action": "SELL", "confidence": round(min(1.0, (rsi - 70) / 20 + 0.5), 3),
                "reasons": ["RSI %.1f overbought, price above the upper band" % rsi]}
    return {"action": "HOLD", "confidence": round(1 - abs(rsi - 50) / 50, 3),
            "reasons": ["RSI %.1f, inside the bands" % rsi]}


def serve(args):
    address = "analysis.model." + args.name
    bus = EventBus(args.host, args.port, token=args.token)
    answered = [0]

    def on_request(message):
        try:
            bus.reply(message, decide(message.get("body") or {}))
            answered[0] += 1
        except Exception as e:  # noqa: BLE001 - a bad request must not stop the model
            bus.fail(message, 500, "model error: %s" % e)

    bus.register(address, on_request, authenticated=True)
    time.sleep(0.2)
    if bus.errors:
        bus.close()
        raise SystemExit("Mariposa refused %s: %s" % (address, bus.errors[0]))
    print("serving %s on %s:%d" % (address, args.host, args.port), flush=True)
    bus.wait_closed()
    print("connection lost after %d answers" % answered[0], flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default=os.environ.get("MARIPOSA_BRIDGE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("MARIPOSA_BRIDGE_PORT", "7000")))
    parser.add_argument("--token", default=os.environ.get("MARIPOSA_TOKEN"),
                        help="one of Mariposa's API_TOKENS (default: $MARIPOSA_TOKEN)")
    parser.add_argument("--name", default="py-rsi", help="answers remote:<name> (lower-case letters, digits, -)")
    parser.add_argument("--once", action="store_true", help="exit when the connection drops instead of reconnecting")
    args = parser.parse_args()
    if not args.token:
        parser.error("a token is needed to answer a model: --token or MARIPOSA_TOKEN")
    backoff = 0.5
    while True:
        started = time.monotonic()
        try:
            serve(args)
        except OSError as e:
            print("cannot reach the bridge at %s:%d: %s" % (args.host, args.port, e), file=sys.stderr, flush=True)
        if args.once:
            return
        backoff = 0.5 if time.monotonic() - started > 30 else min(backoff * 2, 10)
        time.sleep(backoff)


if __name__ == "__main__":
    main()
