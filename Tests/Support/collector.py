#!/usr/bin/env python3
# This source file is part of the swift-telemetry open source project.
# SPDX-License-Identifier: Apache-2.0
"""A scriptable HTTP collector for swift-telemetry's delivery tests.

Binds 127.0.0.1 (or --host ADDRESS, another loopback address) on a port the OS chooses and
prints that port on the first line of stdout.
Every request to a path outside /_control/ is answered by the next scripted action (or the
default action) and recorded. The test drives it over HTTP:

  POST /_control/script   {"actions": [ACTION, ...], "default": ACTION}   replace the script
  GET  /_control/requests                                                 what was received
  POST /_control/down     {"seconds": 3}    stop listening (connections refused), then come back
                                            on the same port; answers once no longer listening

An ACTION is {"status": 200, "headers": {"Retry-After": "1"}, "body": "..."} or
{"hang": SECONDS} (read the request, answer nothing, then close) or {"close": true} (read the
request, close the connection without an answer).

With --otlp, a body received on a path ending in /v1/logs is parsed with the official
protobuf JSON parser into opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest; the
record then carries "otlp" (the message as a dict, from MessageToDict) or "otlpError".
A missing opentelemetry-proto package is an error (exit status 3), never a silent skip.
"""

import base64
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OTLP = "--otlp" in sys.argv
# --host ADDRESS binds another loopback address (127.0.0.2 is another origin on loopback).
HOST = sys.argv[sys.argv.index("--host") + 1] if "--host" in sys.argv else "127.0.0.1"
if OTLP:
    try:
        from google.protobuf import json_format
        from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
    except ImportError as error:  # pragma: no cover - environment problem, reported to the test
        print(f"collector.py: --otlp needs the opentelemetry-proto package: {error}", file=sys.stderr, flush=True)
        sys.exit(3)

LOCK = threading.Lock()
DOWN = threading.Event()  # set by main once the listening socket is closed and the port held
STATE = {"actions": [], "default": {"status": 200}, "records": [], "down_seconds": 0.0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(length) if length > 0 else b""

    def answer(self, status, payload, headers=None):
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def do_GET(self):
        if self.path == "/_control/requests":
            with LOCK:
                records = list(STATE["records"])
            self.answer(200, json.dumps(records))
        else:
            self.handle_collect(b"")

    def do_POST(self):
        body = self.read_body()
        if self.path == "/_control/script":
            script = json.loads(body or b"{}")
            with LOCK:
                STATE["actions"] = list(script.get("actions", []))
                STATE["default"] = script.get("default", {"status": 200})
            self.answer(200, "{}")
        elif self.path == "/_control/down":
            seconds = float(json.loads(body or b"{}").get("seconds", 1))
            with LOCK:
                STATE["down_seconds"] = seconds
            # Answer only once nothing listens any more: answering first left a window in which
            # the test's events were still accepted, so a flush could finish before the outage.
            DOWN.clear()
            self.server.shutdown()  # from this handler's thread: serve_forever returns in main
            DOWN.wait(10)
            self.close_connection = True
            self.answer(200, "{}", {"Connection": "close"})
        else:
            self.handle_collect(body)

    def do_PUT(self):
        self.handle_collect(self.read_body())

    def handle_collect(self, body):
        with LOCK:
            action = STATE["actions"].pop(0) if STATE["actions"] else STATE["default"]
        record = {
            "method": self.command,
            "path": self.path,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": body.decode("utf-8", errors="replace"),
            "bodyBase64": base64.b64encode(body).decode(),
            "receivedAt": time.monotonic(),
        }
        if OTLP and self.path.split("?")[0].endswith("/v1/logs"):
            try:
                message = json_format.Parse(body.decode("utf-8"), ExportLogsServiceRequest())
                record["otlp"] = json_format.MessageToDict(message)
            except Exception as error:  # noqa: BLE001 - the error text is the test's evidence
                record["otlpError"] = f"{type(error).__name__}: {error}"
        if "hang" in action:
            record["answer"] = "hang"
        elif action.get("close"):
            record["answer"] = "close"
        else:
            record["answer"] = int(action.get("status", 200))
        with LOCK:
            STATE["records"].append(record)
        if "hang" in action:
            time.sleep(float(action["hang"]))
            self.close_connection = True
            return
        if action.get("close"):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.answer(int(action.get("status", 200)), action.get("body", "{}"), action.get("headers"))


def exit_with_parent(parent):
    # The test process may die without stopping us: never outlive it.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    # A child spawned from a thread that blocks signals inherits that mask; undo it so that
    # SIGTERM and SIGINT stop the collector.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    port = 0
    first = True
    while True:
        server = ThreadingHTTPServer((HOST, port), Handler)
        server.daemon_threads = True
        if first:
            port = server.server_address[1]
            print(port, flush=True)
            first = False
        server.serve_forever(poll_interval=0.05)
        server.server_close()
        with LOCK:
            seconds, STATE["down_seconds"] = STATE["down_seconds"], 0.0
        # While down, hold the port with a socket that is bound but not listening: connections
        # are still refused, but another test's collector (binding port 0) cannot be given this
        # port meanwhile, and then answer our test's requests or vanish under them.
        # SO_REUSEADDR, as the server's own socket has: the port may still have connections in
        # TIME_WAIT. Linux's port-0 allocation still treats a port bound so as taken.
        placeholder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        placeholder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        placeholder.bind((HOST, port))
        DOWN.set()
        time.sleep(seconds)
        placeholder.close()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
