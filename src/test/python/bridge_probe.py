"""Tries what a client of the TCP bridge may not do, and one thing it may; prints a JSON report.

    python3 bridge_probe.py <port> <valid token>    (mariposa_bus on PYTHONPATH: examples/python)
"""

import json
import sys
import time

from mariposa_bus import EventBus


def refusal(bus, action):
    """The bridge's first err frame after action(), or the exception action() raised."""
    before = len(bus.errors)
    try:
        action()
    except RuntimeError as e:
        return str(e)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and len(bus.errors) == before:
        time.sleep(0.02)
    return bus.errors[before] if len(bus.errors) > before else None


def unknown_type(port):
    """What a connection that sent a frame of an unknown type can still do: a ping answered?"""
    bus = EventBus("127.0.0.1", port)
    pongs = []
    bus._dispatch = lambda frame: pongs.append(frame)
    bus._write({"type": "bogus", "address": "market.ticker.BTCUSDT"})
    bus._write({"type": "ping"})
    time.sleep(1)
    other = EventBus("127.0.0.1", port)
    other_pongs = []
    other._dispatch = lambda frame: other_pongs.append(frame)
    other._write({"type": "ping"})
    time.sleep(1)
    return {"sameConnection": pongs, "closed": bus.closed, "otherConnection": other_pongs}


def main():
    port, token = int(sys.argv[1]), sys.argv[2]
    anonymous = EventBus("127.0.0.1", port)
    impostor = EventBus("127.0.0.1", port, token="wrong-token-0123456789")
    trusted = EventBus("127.0.0.1", port, token=token)
    report = {
        "nonPublic": refusal(anonymous, lambda: anonymous.register("agents.changed", print)),
        "internalRequest": refusal(anonymous, lambda: anonymous.register("analysis.run", print)),
        "modelWithoutToken": refusal(anonymous, lambda: anonymous.register("analysis.model.evil", print)),
        "modelWithWrongToken": refusal(impostor, lambda: impostor.register("analysis.model.evil", print, authenticated=True)),
        "commandWithoutToken": refusal(anonymous, lambda: anonymous.request("cmd.halt", {"halted": True, "reason": "x"},
                                                                             timeout=3, authenticated=False)),
        "commandWithWrongToken": refusal(impostor, lambda: impostor.request("cmd.halt", {"halted": True, "reason": "x"},
                                                                             timeout=3)),
        "askModelDirectly": refusal(anonymous, lambda: anonymous.send("analysis.model.py-rsi", {"price": 1})),
        "publish": refusal(anonymous, lambda: anonymous._write({"type": "publish", "address": "market.ticker.BTCUSDT",
                                                                "body": {"price": 1}})),
        "haltWithToken": trusted.request("cmd.halt", {"halted": False, "reason": "probe"}, timeout=10),
        "stillConnected": not anonymous.closed and not impostor.closed,
        "afterUnknownType": unknown_type(port),
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
