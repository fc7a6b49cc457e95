"""The integrity section of a report as HTML: one template for the reviewer's report (api/console) and the
candidate's transparency report (api/take), so both show the same facts and the same playback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from api.integrity.policy import AI_LABELS, SIGNAL_LABELS
from api.integrity.signals import IntegrityView
from api.take.pages import ASSETS

PLAYER = "dist/player.js"  # the player's entry in the candidate app's build (web/build.mjs)

ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                  autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def clock(ms: int) -> str:
    """Milliseconds since the start as h:mm:ss or m:ss."""
    seconds = max(0, int(ms // 1000))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


ENV.filters["clock"] = clock


def player_json(view: IntegrityView) -> Markup:
    """The recording for the player, as the text of a <script type="application/json"> (no fetch: the
    console's CSP has no connect-src)."""
    text = view.player_json().replace("<", "\\u003c")
    return Markup(text)


def player_script() -> str | None:
    """The player's script (a content-hashed name under /take/static/dist), or None when not built."""
    return ASSETS.url(PLAYER)


def section(view: IntegrityView, audience: str, *, export_url: str | None = None, playback: bool = True) -> Markup:
    """``audience``: "reviewer" or "candidate" (the wording, never what is shown); ``export_url``: the
    right-of-access export, for those who may download it; ``playback``: False leaves out the player and
    the recording (the code), keeping the facts (the report opened by an ``rpt_`` key shows no code)."""
    player = player_script()
    context: dict[str, Any] = {"view": view, "audience": audience, "player_script": player, "playback": playback,
                               "signal_label": SIGNAL_LABELS[view.signals],
                               "ai_label": AI_LABELS[view.ai_assistance], "data": player_json(view),
                               "export_url": export_url}
    return Markup(ENV.get_template("section.html").render(context))
