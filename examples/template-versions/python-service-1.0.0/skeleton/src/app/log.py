"""Structured JSON logging to stdout."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone


def log(level: str, msg: str, **fields: str | int | bool) -> None:
    """Writes one JSON line. Never pass request bodies, headers or anything holding a credential."""
    entry = {"time": datetime.now(timezone.utc).isoformat(), "level": level, "msg": msg, **fields}
    sys.stdout.write(json.dumps(entry) + "\n")
    sys.stdout.flush()
