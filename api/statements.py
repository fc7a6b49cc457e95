"""Problem statements as HTML: Markdown rendered by markdown-it-py (CommonMark plus tables and
strikethrough) with raw HTML disabled, so a statement can never inject markup or script into the
candidate's page. Links are checked by markdown-it (no javascript:, vbscript:, file: or data: except
images) and open in a new tab without a referrer: the candidate's page carries their token.

TeX math (``$...$`` inline, ``$$...$$`` displayed; statements imported from Kattis LaTeX have it) is
kept as TeX text with its delimiters, escaped, in ``<span class="math inline">``/``<div class="math
block">``, so
Markdown never reads ``_`` or ``*`` in a formula as emphasis. ``$5 and $6`` (a digit after the closing
``$``) stays text.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin


def _math(content: str, options: dict[str, Any]) -> str:
    """The formula as escaped TeX with its delimiters (the plugin wraps it in span/div.math)."""
    if options.get("display_mode"):
        return f"$${escape(content.strip())}$$"
    return f"${escape(content)}$"


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_labels=False, allow_space=True, allow_digits=False,
           double_inline=True, renderer=_math)

    def link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
        return str(renderer.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
    return md


def to_html(markdown: str) -> str:
    """The statement as safe HTML (every tag comes from the Markdown renderer, none from the text)."""
    return _renderer().render(markdown)
