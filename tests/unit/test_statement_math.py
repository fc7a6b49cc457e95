"""Statements' TeX as MathML (issue 25): rendered on the server by latex2mathml, cleaned so a formula can
never put markup, a script or a link into a candidate's page, and broken TeX shown as text and named."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from api.statements import to_html
from problemformat.statement_math import MathError, math_errors, to_mathml


def test_inline_and_displayed_formulas_become_mathml() -> None:
    html = to_html("Given $|a|,|b| \\le 10^{12}$:\n\n$$\\sum_{i=1}^n x_i$$\n")
    assert '<math display="inline"><mrow><mo stretchy="false">|</mo><mi>a</mi>' in html
    assert "<msup><mn>10</mn><mrow><mn>12</mn></mrow></msup>" in html
    assert '<math display="block">' in html and "<munderover><mo>∑</mo>" in html
    assert "$" not in html


def test_dollar_amounts_stay_text() -> None:
    assert to_html("It costs $5 and $6.") == "<p>It costs $5 and $6.</p>\n"


@pytest.mark.parametrize("tex", [
    r"\text{<script>alert(1)</script>}",
    r"\text{<img src=x onerror=alert(1)>}",
    r"\href{javascript:alert(1)}{x}",
    r"\style{background:url(https://evil.example/)}{x}",
])
def test_a_formula_cannot_smuggle_markup_scripts_or_links(tex: str) -> None:
    html = to_html(f"a ${tex}$ b")
    tags = _tags(html)
    assert {tag for tag, _ in tags} <= ALLOWED_TAGS, html
    for tag, attributes in tags:
        for name, value in attributes:
            assert name in ("class", "title", "display", "stretchy", "mathvariant"), (tag, name, html)
            assert "javascript:" not in (value or "") or name == "title", html  # a title is text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.tags


ALLOWED_TAGS = {"p", "span", "div", "math", "mrow", "mi", "mn", "mo", "mtext", "mstyle"}


def test_the_cleaning_keeps_colours_but_no_urls() -> None:
    assert 'mathcolor="red"' in to_mathml(r"\color{red}{x}")
    assert "evil" not in to_mathml(r"\color{url(https://evil.example)}{x}")


def test_broken_tex_stays_text_and_is_named() -> None:
    html = to_html("broken $\\frac{1}{$ here")
    assert 'class="math-error"' in html and "$\\frac{1}{$" in html
    assert math_errors("ok $x^2$ and broken $\\frac{1}{$") == [
        "the formula $\\frac{1}{$ is not valid TeX (NoAvailableTokensError)"]
    with pytest.raises(MathError):
        to_mathml("x" * 5000)


def test_every_bundled_statement_renders() -> None:
    root = Path(__file__).resolve().parents[2] / "problems"
    for statement in root.glob("*/statement.md"):
        assert math_errors(statement.read_text()) == [], statement
