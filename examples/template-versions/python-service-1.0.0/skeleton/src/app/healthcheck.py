"""Container HEALTHCHECK for the distroless image (no shell, no curl).

Exits 0 when GET /healthz on the local port answers 200, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
from http.client import HTTPConnection

from .config import load_config


def main() -> int:
    try:
        port = load_config(os.environ).port
        connection = HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz")
        healthy = connection.getresponse().status == 200
        connection.close()
    except (OSError, ValueError):
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
