"""The gate for what a test needs from the machine: skip locally, fail in CI (CI=true must run everything)."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def need(reason: str) -> NoReturn:
    """Skip locally, fail in CI: CI must run everything."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required, not skipped)")
    pytest.skip(reason)
