"""Problem statements as HTML: Markdown rendered by markdown-it-py (CommonMark plus tables and
strikethrough) with raw HTML disabled, so a statement can never inject markup or script into the
candidate's page. Links are checked by markdown-it (no javascript:, vbscript:, file: or data: except
images) and open in a new tab without a referrer: the candidate's page carries their token."""

from __future__ import annotations

from functools import cache
from typing import Any

from markdown_it import MarkdownIt


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])

    def link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
        return str(renderer.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
    return md


def to_html(markdown: str) -> str:
    """The statement as safe HTML (every tag comes from the Markdown renderer, none from the text)."""
    return _renderer().render(markdown)
