"""Runtime settings, read from the environment once at start-up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

_WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class Config:
    """Service settings."""

    port: int
    host: str
    shutdown_timeout_s: float


def _int_setting(name: str, raw: str | None, fallback: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return fallback
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise ValueError(f"{name} must be a whole number, got {raw!r}")
    value = int(raw)
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return value


def load_config(env: Mapping[str, str]) -> Config:
    """Reads PORT (default 8080), HOST (default 0.0.0.0) and SHUTDOWN_TIMEOUT_S (default 10)."""
    return Config(
        port=_int_setting("PORT", env.get("PORT"), 8080, 0, 65535),
        host=env.get("HOST") or "0.0.0.0",
        shutdown_timeout_s=float(
            _int_setting("SHUTDOWN_TIMEOUT_S", env.get("SHUTDOWN_TIMEOUT_S"), 10, 0, 600)
        ),
    )
