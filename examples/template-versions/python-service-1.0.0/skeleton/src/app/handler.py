"""The request handler: /healthz, /readyz and /api/hello, JSON only, with security headers."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .log import log

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

# Letters, digits, space, dot, dash, underscore; 1 to 64 characters.
_NAME = re.compile(r"[^\W_]|[ ._-]")
NAME_RULE = "name must be 1-64 letters, digits, spaces, dots, dashes or underscores"


def _valid_name(name: str) -> bool:
    return 1 <= len(name) <= 64 and all(_NAME.fullmatch(ch) for ch in name)


class ReadyState:
    """Readiness, cleared while the service shuts down."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._ready.set()

    def is_ready(self) -> bool:
        return self._ready.is_set()

    def set_ready(self, ready: bool) -> None:
        if ready:
            self._ready.set()
        else:
            self._ready.clear()


def make_handler(state: ReadyState) -> type[BaseHTTPRequestHandler]:
    """Builds the handler class bound to a readiness state."""

    class Handler(BaseHTTPRequestHandler):
        # No "BaseHTTP/0.6 Python/3.x" banner.
        server_version = "app"
        sys_version = ""
        protocol_version = "HTTP/1.1"
        timeout = 30

        def _send_json(
            self, status: int, body: Any, extra: dict[str, str] | None = None
        ) -> None:
            payload = json.dumps(body).encode("utf-8")
            self.send_response(status)
            for name, value in {**SECURITY_HEADERS, **(extra or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def _route(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/healthz":
                self._send_json(200, {"status": "ok"})
            elif url.path == "/readyz":
                if state.is_ready():
                    self._send_json(200, {"status": "ready"})
                else:
                    self._send_json(503, {"status": "shutting down"})
            elif url.path == "/api/hello":
                names = parse_qs(url.query, keep_blank_values=True).get("name", ["world"])
                name = names[0]
                if not _valid_name(name):
                    self._send_json(
                        400,
                        {"error": NAME_RULE},
                    )
                else:
                    self._send_json(200, {"message": f"Hello, {name}!"})
            else:
                self._send_json(404, {"error": "not found"})

        def _safely(self, action: Any) -> None:
            try:
                action()
            except Exception as error:  # noqa: BLE001 - the client never sees details
                log("error", "request failed", error=type(error).__name__)
                self._send_json(500, {"error": "internal error"})

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            self._safely(self._route)

        def do_HEAD(self) -> None:  # noqa: N802
            self._safely(self._route)

        def _not_allowed(self) -> None:
            self.close_connection = True
            self._send_json(
                405,
                {"error": "method not allowed"},
                {"Allow": "GET, HEAD", "Connection": "close"},
            )

        do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _not_allowed  # noqa: N815

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            # http.server's default error page is HTML that echoes request data; answer JSON.
            self.close_connection = True
            error = "bad request" if code < 500 else "internal error"
            try:
                self._send_json(code, {"error": error}, {"Connection": "close"})
            except OSError:
                pass

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - inherited name
            log(
                "info",
                "request",
                method=self.command or "-",
                path=urlsplit(self.path or "").path,
                status=str(args[1]) if len(args) > 1 else "-",
            )

    return Handler
