"""Server-side charts of the analytics page: matplotlib (Agg backend) drawn to SVG, embedded as
``data:image/svg+xml`` images (the page's CSP allows images from data: and nothing inline that runs).
Each chart has a text alternative and the page shows its figures in a table beside it.

Charts are cached by their data: the same figures are not drawn twice. Labels are authors' text (problem
titles, group names): they are drawn as written, never read as TeX (mathtext would read ``$...$`` and
raise on TeX it cannot parse, and the page would answer 500).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib itself is imported when a chart is drawn (it is slow to import)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BLUE = "#2b6cb0"
GREY = "#a0aec0"
RED = "#c53030"
GREEN = "#2f855a"


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _svg(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@lru_cache(maxsize=256)
def bars(labels: tuple[str, ...], values: tuple[float, ...], *, xlabel: str = "", ylabel: str = "",
         percent: bool = False, horizontal: bool = False, colors: tuple[str, ...] = ()) -> str:
    """A bar chart as a data: URL (SVG)."""
    height = max(2.6, 0.42 * len(labels) + 1.0) if horizontal else 3.2
    figure, axes = _figure(7.2, height)
    colour: Sequence[str] = colors or (BLUE,) * len(labels)
    positions = list(range(len(labels)))
    if horizontal:
        drawn = axes.barh(positions, values, color=colour)
        axes.set_yticks(positions, labels, parse_math=False)
        axes.invert_yaxis()
        axes.set_xlabel(xlabel, parse_math=False)
        if percent:
            axes.set_xlim(0, 100)
    else:
        drawn = axes.bar(positions, values, color=colour)
        axes.set_xticks(positions, labels, rotation=0, fontsize=8, parse_math=False)
        axes.set_xlabel(xlabel, parse_math=False)
        axes.set_ylabel(ylabel, parse_math=False)
        if percent:
            axes.set_ylim(0, 100)
    fmt = "{:.0f} %" if percent else "{:g}"
    axes.bar_label(drawn, labels=[fmt.format(v) for v in values], fontsize=8, padding=2, parse_math=False)
    return _svg(figure)
