"""The analytics page's charts (api/console/charts.py): labels are drawn as the text they are.

Problem titles and group names are authors' text. matplotlib reads ``$...$`` in a label as TeX
(mathtext) and raises on TeX it cannot parse, which made the whole analytics page answer 500 for a
problem titled ``Broken $\\notacommand$`` (issue 22, item 9).
"""

from __future__ import annotations

import base64

from matplotlib import font_manager, ft2font

from api.console import charts

# matplotlib's SVG writes each glyph it draws once, as <path id="DejaVuSans-<glyph index in hex>">
_FONT = ft2font.FT2Font(font_manager.findfont("DejaVu Sans"))
DOLLAR = f'id="DejaVuSans-{_FONT.get_char_index(ord("$")):x}"'
BACKSLASH = f'id="DejaVuSans-{_FONT.get_char_index(ord(chr(92))):x}"'


def _svg(url: str) -> str:
    prefix = "data:image/svg+xml;base64,"
    assert url.startswith(prefix)
    return base64.b64decode(url[len(prefix):]).decode()


def test_a_label_with_invalid_tex_is_drawn_as_text():
    for horizontal in (True, False):
        svg = _svg(charts.bars(("Broken $\\notacommand$: attempted", "Broken $\\notacommand$: solved"),
                               (40.0, 10.0), xlabel="% of started candidates", percent=True,
                               horizontal=horizontal))
        assert DOLLAR in svg and BACKSLASH in svg  # the dollar signs and the backslash are drawn


def test_a_label_with_valid_tex_keeps_its_dollar_signs():
    svg = _svg(charts.bars(("Costs $x^2$ / large",), (25.0,), percent=True, horizontal=True))
    assert DOLLAR in svg
