"""Starts the HTTP server and shuts it down gracefully on SIGTERM and SIGINT."""

from __future__ import annotations

import os
import signal
import sys
import threading
from http.server import ThreadingHTTPServer
from types import FrameType

from .config import Config, load_config
from .handler import ReadyState, make_handler
from .log import log


def serve(config: Config) -> int:
    """Serves until a termination signal; returns the process exit code."""
    state = ReadyState()
    server = ThreadingHTTPServer((config.host, config.port), make_handler(state))
    # Worker threads are joined on shutdown so in-flight requests finish.
    server.daemon_threads = False
    server.block_on_close = True

    def stop(signum: int, _frame: FrameType | None) -> None:
        if not state.is_ready():
            return
        state.set_ready(False)
        log("info", "shutting down", signal=signal.Signals(signum).name)
        # shutdown() blocks until serve_forever returns, so it runs on its own thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    log("info", "listening", port=server.server_address[1])
    server.serve_forever(poll_interval=0.2)
    timer = threading.Timer(config.shutdown_timeout_s, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    server.server_close()
    log("info", "stopped")
    return 0


def main() -> int:
    try:
        config = load_config(os.environ)
    except ValueError as error:
        log("error", "cannot start", error=str(error))
        return 1
    return serve(config)


if __name__ == "__main__":
    sys.exit(main())
