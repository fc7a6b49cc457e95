"""The Jinja2 environment of the pages and its filters (durations, times in the viewer's zone, numbers,
memory, percentages) and globals (the verdict names). Each app makes its own environment over its own
templates folder with ``environment``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from api.pages.assets import Assets
from graders import verdicts

NONE = "\u2013"  # an en dash for a missing value


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return NONE
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _offset(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(max(0, seconds), 60)
    return f"+{minutes}:{secs:02d}"


def _dt(value: datetime | None) -> Markup | str:
    """A time in UTC, marked up so that console.js shows it in the viewer's time zone (UTC on hover)."""
    if not value:
        return NONE
    utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    text = utc.strftime("%Y-%m-%d %H:%M UTC")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(utc.isoformat(), text, text)


def _num(value: float | None) -> str:
    if value is None:
        return NONE
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _memory(kib: int | None) -> str:
    if not kib:
        return NONE
    return f"{kib / 1024:.1f} MiB" if kib >= 1024 else f"{kib} KiB"


def environment(templates: Path, assets: Assets) -> Environment:
    """The environment over one app's ``templates`` folder, with the shared filters and globals, and
    ``asset(name)``: the content-hashed URL of one of the app's static files."""
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(duration=_duration, offset=_offset, dt=_dt, num=_num, memory=_memory,
                       pct=lambda v: f"{round(100 * (v or 0))} %")
    # the one set of verdict names (graders.verdicts): templates, and the candidate app through the workspace page
    env.globals.update(verdict_names=verdicts.NAMES, run_verdict_names=verdicts.RUN_NAMES, quote=quote,
                       asset=assets.link)
    return env
