"""A real HTTP server that receives webhook deliveries in tests."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cms.webhooks.models import EVENTS

SECRET = "a-shared-secret-for-tests-only"
ALL_EVENTS = [name for name, _ in EVENTS]


class Receiver:
    """An HTTP server on a free port that records every POST and answers as told."""

    def __init__(self):
        self.requests = []
        self.statuses = []  # answered in turn, then 200
        self.delay = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                if status == "nonsense":
                    self.wfile.write(b"this is not HTTP\r\n\r\n")
                    return
                try:
                    self.send_response(status)
                    if 300 <= status < 400:
                        self.send_header("Location", "/elsewhere")
                    self.end_headers()
                    self.wfile.write(b"receiver says %d" % status)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender gave up waiting: that is what a slow receiver is for

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/reviews"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def events(self):
        return [json.loads(request["body"])["event"] for request in self.requests]
