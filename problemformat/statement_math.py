"""TeX formulas of a statement (``$...$``, ``$$...$$``) as MathML that browsers render by themselves
(no script: the pages' strict Content-Security-Policy stays), through latex2mathml, then cleaned:
latex2mathml copies ``\\text{...}`` and ``\\href``/``\\style`` arguments into its output as they
are, so a statement could otherwise smuggle markup or a ``javascript:`` link into a candidate's page.
The output is parsed and rebuilt from MathML elements and presentation attributes only; any other
element keeps just its text, escaped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.etree import ElementTree

from latex2mathml.converter import convert
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

NS = "{http://www.w3.org/1998/Math/MathML}"
ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "mfrac", "msqrt",
    "mroot", "mstyle", "merror", "mpadded", "mphantom", "munder", "mover", "munderover", "mtable", "mtr", "mtd",
    "mlabeledtr", "menclose", "mmultiscripts", "mprescripts", "none", "semantics", "annotation", "mfenced",
})
ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "accent", "accentunder",
    "columnalign", "rowalign", "rowspacing", "columnspacing", "columnlines", "rowlines", "frame", "displaystyle",
    "scriptlevel", "linethickness", "minsize", "maxsize", "movablelimits", "symmetric", "largeop", "form",
    "width", "height", "depth", "notation", "align", "equalrows", "equalcolumns", "open", "close", "separators",
    "mathcolor", "mathbackground", "mathsize",
})
# a colour or a size: nothing that could be a URL or a style sheet
SAFE_VALUE = re.compile(r"^[#A-Za-z0-9.,:%+\- ]{0,64}$")
MAX_TEX = 4000
# How statements delimit math (api.statements renders with the same): ``$5 and $6`` stays text.
DOLLARMATH = {"allow_labels": False, "allow_space": True, "allow_digits": False, "double_inline": True}


class MathError(ValueError):
    """The TeX could not be turned into MathML (the message says why)."""


def _clean(node: ElementTree.Element) -> ElementTree.Element | str:
    tag = node.tag.removeprefix(NS)
    if tag not in ELEMENTS:
        return "".join(node.itertext())
    out = ElementTree.Element(tag, {name: value for name, value in node.attrib.items()
                                    if name in ATTRIBUTES and SAFE_VALUE.match(value)})
    out.text = node.text
    last: ElementTree.Element | None = None
    for child in node:
        cleaned = _clean(child)
        if isinstance(cleaned, str):  # an element we do not keep: its text, in its place
            text = cleaned + (child.tail or "")
            if last is None:
                out.text = (out.text or "") + text
            else:
                last.tail = (last.tail or "") + text
            continue
        cleaned.tail = child.tail
        out.append(cleaned)
        last = cleaned
    return out


@lru_cache(maxsize=4096)
def to_mathml(tex: str, display: bool = False) -> str:
    """``tex`` (without its ``$`` delimiters) as a ``<math>`` element; MathError if it cannot be."""
    if len(tex) > MAX_TEX:
        raise MathError(f"a formula is longer than {MAX_TEX} characters")
    try:
        raw = convert(tex, display="block" if display else "inline")
        tree = ElementTree.fromstring(raw)
    except Exception as exc:  # latex2mathml raises its own errors (and IndexError) on unbalanced TeX
        raise MathError(f"the formula ${tex}$ is not valid TeX ({type(exc).__name__})") from None
    cleaned = _clean(tree)
    if isinstance(cleaned, str):
        raise MathError(f"the formula ${tex}$ gave no MathML")
    if display:
        cleaned.set("display", "block")
    return ElementTree.tostring(cleaned, encoding="unicode", short_empty_elements=False)


def math_errors(markdown: str) -> list[str]:
    """What is wrong with each formula of the Markdown ``markdown`` that cannot be rendered (empty: all can)."""
    parser = MarkdownIt("commonmark").use(dollarmath_plugin, **DOLLARMATH)
    errors = []
    for token in parser.parse(markdown):
        for child in [token, *(token.children or [])]:
            if child.type.startswith("math_"):
                try:
                    to_mathml(child.content.strip(), child.type != "math_inline")
                except MathError as exc:
                    errors.append(str(exc))
    return errors
