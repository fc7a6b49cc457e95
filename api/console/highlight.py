"""Source code as HTML lines: Pygments token classes (the stylesheet is Pygments' own), and optional
<mark> spans over character ranges (the regions similarity detection matched)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache

from markupsafe import Markup, escape
from pygments.formatters import HtmlFormatter
from pygments.token import STANDARD_TYPES, _TokenType

from api.similarity import lexer_for, normalise_text

MAX_LINES = 5000  # longer files are cut on the page (the JSON API has them whole)


def _css_class(ttype: _TokenType) -> str:
    while ttype not in STANDARD_TYPES and ttype.parent is not None:
        ttype = ttype.parent
    return STANDARD_TYPES.get(ttype, "")


def highlight(language: str, filename: str, text: str,
              marks: Sequence[tuple[int, int]] = ()) -> list[Markup]:
    """One Markup per line of ``text``; characters inside ``marks`` (offsets in the normalised text)
    are wrapped in <mark class="sim">."""
    text = normalise_text(text)
    marked = sorted(marks)
    lines: list[list[str]] = [[]]

    def emit(css: str, chunk: str, is_marked: bool) -> None:
        parts = chunk.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if not part:
                continue
            html = f'<span class="{css}">{escape(part)}</span>' if css else str(escape(part))
            lines[-1].append(f'<mark class="sim">{html}</mark>' if is_marked else html)

    def is_in(position: int) -> bool:
        return any(start <= position < end for start, end in marked)

    boundaries = sorted({b for span in marked for b in span})
    for index, ttype, value in lexer_for(language, filename).get_tokens_unprocessed(text):
        css = _css_class(ttype)
        cuts = [index] + [b for b in boundaries if index < b < index + len(value)] + [index + len(value)]
        for start, end in itertools.pairwise(cuts):
            emit(css, value[start - index: end - index], bool(marked) and is_in(start))
    if lines and not lines[-1] and len(lines) > 1:
        lines.pop()  # the final newline
    return [Markup("".join(parts)) for parts in lines[:MAX_LINES]]


@cache
def pygments_css() -> str:
    return HtmlFormatter(style="default").get_style_defs(".code")
