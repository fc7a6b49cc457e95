"""The one registry of grader kinds: which kinds are installed and the config schema of each.

A grader kind is a class found through the entry-point group ``assay.graders`` (the built-in ones are
entry points too, declared in Assay's pyproject.toml). A third-party distribution adds one without
touching Assay by declaring, in its pyproject.toml:

    [project.entry-points."assay.graders"]
    mykind = "my_package.my_module:MyGrader"

and, for its manifest options, a pydantic model as ``MyGrader.config_model`` (``kind: Literal["mykind"]``).

The manifest (problemformat.manifest) asks this module for a plugin kind's ``config_model``; the judge
(graders.judge) asks it for the class to run. Classes are loaded from entry points, never imported
here, so the format knows no grader module and no import circle runs through here.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from typing import Any

ENTRY_POINT_GROUP = "assay.graders"

__all__ = [
    "ENTRY_POINT_GROUP",
    "UnknownGraderError",
    "config_model",
    "get_grader",
    "grader_kinds",
    "load_grader",
]


class UnknownGraderError(LookupError):
    pass


@cache
def grader_kinds() -> dict[str, type[Any]]:
    """Every installed grader kind, built-in ones included (they are entry points too)."""
    found: dict[str, type[Any]] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        cls = point.load()
        found[point.name] = cls
    return found


def get_grader(kind: str) -> type[Any]:
    """The class of an installed grader kind; :class:`UnknownGraderError` when none is installed."""
    try:
        return grader_kinds()[kind]
    except KeyError:
        known = ", ".join(sorted(grader_kinds())) or "none installed (pip install -e .)"
        raise UnknownGraderError(f"unknown grader kind {kind!r}; installed: {known}") from None


def load_grader(kind: str) -> type[Any]:
    """As :func:`get_grader`, but one broken plugin does not hide the others: when loading every kind
    fails, just this one is loaded."""
    try:
        return get_grader(kind)
    except UnknownGraderError:
        raise
    except Exception:  # another installed plugin failed to import: load just this one
        for point in entry_points(group=ENTRY_POINT_GROUP, name=kind):
            loaded: type[Any] = point.load()
            return loaded
        raise


def config_model(kind: str) -> type[Any] | None:
    """The pydantic model of a kind's manifest options (``config_model``), None when it declares none.

    Raises :class:`UnknownGraderError` for a kind not installed, and whatever loading the plugin raised
    when it is broken.
    """
    return getattr(get_grader(kind), "config_model", None)
