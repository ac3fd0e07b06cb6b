"""A client of Mariposa's TCP event-bus bridge, using only the Python standard library.

The wire format is Vert.x's TCP event-bus bridge: every frame is a 4-byte big-endian length
followed by that many bytes of UTF-8 JSON.

  to the bridge:   {"type": "register" | "unregister" | "send" | "ping", "address": ..., "body": ...,
                    "replyAddress": ..., "headers": {"authorization": "Bearer <token>"}}
  from the bridge: {"type": "message", "address": ..., "body": ..., "replyAddress": ...}
                   {"type": "err", "message": ...}   {"type": "pong"}

A message that carries a "replyAddress" is a request: answer it by sending to that address.
"""

import json
import socket
import struct
import threading
import uuid

MAX_FRAME_BYTES = 16 * 1024 * 1024


class BridgeClosed(Exception):
    """The connection to the bridge is gone (Mariposa stopped, or the network failed)."""


class EventBus:
    """One connection to the bridge. Handlers run on the reader thread, one frame at a time."""

    def __init__(self, host="127.0.0.1", port=7000, token=None, timeout=10.0):
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._sock.settimeout(None)
        self._token = token
        self._write_lock = threading.Lock()
        self._handlers = {}
        self._replies = {}
        self.errors = []  # err frames not tied to a request, newest last
        self._closed = threading.Event()
        self._reader = threading.Thread(target=self._read_loop, name="mariposa-bus-reader", daemon=True)
        self._reader.start()
        self._pinger = threading.Thread(target=self._ping_loop, name="mariposa-bus-ping", daemon=True)
        self._pinger.start()

    # --- sending ---------------------------------------------------------------------------

    def register(self, address, handler, authenticated=False):
        """Calls handler(message) for every message on address. Models need authenticated=True."""
        self._handlers[address] = handler
        self._write(self._frame("register", address, authenticated=authenticated))

    def unregister(self, address):
        self._handlers.pop(address, None)
        self._write(self._frame("unregister", address))

    def send(self, address, body, authenticated=False):
        self._write(self._frame("send", address, body=body, authenticated=authenticated))

    def request(self, address, body, timeout=10.0, authenticated=True):
        """Sends a request and waits for its answer; raises RuntimeError with the bridge's refusal."""
        reply_address = str(uuid.uuid4())
        done = threading.Event()
        slot = {}
        self._replies[reply_address] = (done, slot)
        frame = self._frame("send", address, body=body, authenticated=authenticated)
        frame["replyAddress"] = reply_address
        errors_before = len(self.errors)
        self._write(frame)
        waited = 0.0
        # A refusal by the bridge is an err frame without an address: it ends the wait too.
        while not done.wait(0.05):
            waited += 0.05
            if len(self.errors) > errors_before or waited >= timeout:
                self._replies.pop(reply_address, None)
                refusals = self.errors[errors_before:]
                raise RuntimeError(refusals[0] if refusals else "no answer within %.1f s" % timeout)
        if "error" in slot:
            raise RuntimeError(slot["error"])
        return slot["body"]

    def reply(self, message, body):
        """Answers a request received by a handler."""
        self._write({"type": "send", "address": message["replyAddress"], "body": body})

    def fail(self, message, code, text):
        """Fails a request received by a handler: the requester sees the code and the text."""
        self._write({"type": "send", "address": message["replyAddress"], "failureCode": code, "message": text})

    def close(self):
        self._closed.set()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()

    def wait_closed(self, timeout=None):
        """Blocks until the connection ends; True if it did."""
        return self._closed.wait(timeout)

    @property
    def closed(self):
        return self._closed.is_set()

    def _frame(self, kind, address, body=None, authenticated=False):
        frame = {"type": kind, "address": address}
        if body is not None:
            frame["body"] = body
        if authenticated:
            if not self._token:
                raise ValueError("this needs a token: pass token=... (one of Mariposa's API_TOKENS)")
            frame["headers"] = {"authorization": "Bearer " + self._token}
        return frame

    def _write(self, frame):
        data = json.dumps(frame, separators=(",", ":")).encode("utf-8")
        with self._write_lock:
            try:
                self._sock.sendall(struct.pack(">I", len(data)) + data)
            except OSError as e:
                self._closed.set()
                raise BridgeClosed(str(e)) from e

    # --- receiving -------------------------------------------------------------------------

    def _read_exactly(self, n):
        chunks = []
        while n > 0:
            chunk = self._sock.recv(min(n, 65536))
            if not chunk:
                raise BridgeClosed("the bridge closed the connection")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _read_loop(self):
        try:
            while True:
                (length,) = struct.unpack(">I", self._read_exactly(4))
                if length > MAX_FRAME_BYTES:
                    raise BridgeClosed("frame of %d bytes is too large" % length)
                self._dispatch(json.loads(self._read_exactly(length).decode("utf-8")))
        except (BridgeClosed, OSError, ValueError):
            pass
        finally:
            self._closed.set()
            for done, slot in list(self._replies.values()):
                slot["error"] = "connection closed"
                done.set()

    def _dispatch(self, frame):
        kind = frame.get("type")
        address = frame.get("address")
        if kind == "message" and address in self._replies:
            done, slot = self._replies.pop(address)
            slot["body"] = frame.get("body")
            done.set()
        elif kind == "err" and address in self._replies:
            done, slot = self._replies.pop(address)
            slot["error"] = "%s (%s)" % (frame.get("message"), frame.get("failureType"))
            done.set()
        elif kind == "message" and address in self._handlers:
            self._handlers[address](frame)
        elif kind == "err":
            self.errors.append(frame.get("message"))

    def _ping_loop(self):
        # The bridge closes connections it has not heard from in a while (60 s by default).
        while not self._closed.wait(10):
            try:
                self._write({"type": "ping"})
            except BridgeClosed:
                return
