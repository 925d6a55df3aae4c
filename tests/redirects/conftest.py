"""A web server of the test's own on 127.0.0.1, answering as linked sites do: nothing leaves the machine."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# How long the slow page makes the checker wait: far beyond the tests' timeout.
SLOW_SECONDS = 30


class Handler(BaseHTTPRequestHandler):
    """/ok 200, /moved 301 → /ok, /missing 404, /gone 410, /slow (no answer), /loop-a ⇄ /loop-b, /huge
    (a body without end), /no-head (405 to HEAD, 200 to GET), /forbidden 403, /error 500."""

    def log_message(self, *args):
        pass

    def answer(self, status, headers=(), body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.server.requests.append((time.monotonic(), self.command, self.path, self.headers.get("User-Agent")))
        path = self.path.split("?", 1)[0]
        if path == "/ok":
            self.answer(200, body=b"<p>ok</p>")
        elif path == "/moved":
            self.answer(301, [("Location", "/ok")])
        elif path in {"/loop-a", "/loop-b"}:
            self.answer(302, [("Location", "/loop-b" if path == "/loop-a" else "/loop-a")])
        elif path == "/missing":
            self.answer(404)
        elif path == "/gone":
            self.answer(410)
        elif path == "/forbidden":
            self.answer(403)
        elif path == "/error":
            self.answer(500)
        elif path == "/no-head":
            self.answer(405 if self.command == "HEAD" else 200)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.answer(200)
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(1024**3))
            self.end_headers()
            if self.command == "GET":
                chunk = b"x" * 65536
                try:
                    for _ in range(1024**3 // len(chunk)):
                        self.wfile.write(chunk)
                except OSError:
                    pass  # the checker stopped reading, as it should
        else:
            self.answer(404)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def web_server(settings):
    """The base URL of a server on 127.0.0.1 (see Handler); its `.requests` list what it received."""
    settings.LINK_CHECK_PRIVATE_ADDRESSES = True
    settings.LINK_CHECK_HOST_SECONDS = 0
    settings.LINK_CHECK_TIMEOUT = 0.5
    server = Server(("127.0.0.1", 0), Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield type("WebServer", (str,), {"requests": server.requests, "port": server.server_address[1]})(base)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port():
    """A port of 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
