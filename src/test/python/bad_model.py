"""A remote model that answers every request with something the reply schema refuses, in turn.

    python3 bad_model.py <port> <token>    (mariposa_bus on PYTHONPATH: examples/python)
"""

import itertools
import sys

from mariposa_bus import EventBus

BAD_ANSWERS = [
    {"action": "buy", "confidence": 0.9},                 # lower case
    {"action": "BUY", "confidence": 1.7},                 # out of range
    {"action": "SELL", "confidence": 0.5, "reasons": [1]},  # not strings
    "BUY with confidence 0.9",                            # prose
    {"confidence": 0.5},                                  # no action
]


def main():
    port, token = int(sys.argv[1]), sys.argv[2]
    bus = EventBus("127.0.0.1", port, token=token)
    answers = itertools.cycle(BAD_ANSWERS)
    bus.register("analysis.model.py-bad", lambda message: bus.reply(message, next(answers)), authenticated=True)
    print("serving analysis.model.py-bad", flush=True)
    bus.wait_closed()


if __name__ == "__main__":
    main()
