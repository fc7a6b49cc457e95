"""Problem statements as HTML: Markdown rendered by markdown-it-py (CommonMark plus tables and
strikethrough) with raw HTML disabled, so a statement can never inject markup or script into the
candidate's page. Links are checked by markdown-it (no javascript:, vbscript:, file: or data: except
images) and open in a new tab without a referrer: the candidate's page carries their token.

TeX math (``$...$`` inline, ``$$...$$`` displayed; statements imported from Kattis LaTeX have it) is
rendered as MathML on the server (problemformat.statement_math: latex2mathml, then cleaned), which
browsers show without any script. Markdown never reads ``_`` or ``*`` in a formula as emphasis. A
formula that is not valid TeX stays as its escaped TeX text, marked ``math-error``
(``statement_math.math_errors`` names it for the package checks). ``$5 and $6`` (a digit after the
closing ``$``) stays text.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from problemformat.statement_math import DOLLARMATH, MathError, to_mathml


def _math(content: str, options: dict[str, Any]) -> str:
    """The formula as MathML (the plugin wraps it in span/div.math); if it is not valid TeX, the escaped
    TeX with its delimiters."""
    display = bool(options.get("display_mode"))
    try:
        return to_mathml(content.strip() if display else content, display)
    except MathError as exc:
        tex = f"$${escape(content.strip())}$$" if display else f"${escape(content)}$"
        return f'<span class="math-error" title="{escape(str(exc))}">{tex}</span>'


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, renderer=_math, **DOLLARMATH)

    def link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
        return str(renderer.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
    return md


def to_html(markdown: str) -> str:
    """The statement as safe HTML (every tag comes from the Markdown renderer, none from the text)."""
    return _renderer().render(markdown)

