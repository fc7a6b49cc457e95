"""Write docs/settings.md, the settings reference, from the Settings classes (api.settings.Settings,
its integrations' parts in api.integrations.settings, and sandbox.settings.SandboxSettings).

    .venv/bin/python scripts/settings_doc.py           # rewrite docs/settings.md
    .venv/bin/python scripts/settings_doc.py --check   # exit 1 if it is stale (tests/test_settings_doc.py)
"""

from __future__ import annotations

import argparse
import sys
from enum import Enum
from pathlib import Path
from typing import Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.integrations.settings import AshbySettings, GreenhouseSettings, LeverSettings  # noqa: E402
from api.settings import Settings  # noqa: E402
from sandbox.settings import SandboxSettings  # noqa: E402

DOC = ROOT / "docs" / "settings.md"
COMMAND = ".venv/bin/python scripts/settings_doc.py"
HEADER = f"""# Settings

Every setting is an `ASSAY_*` environment variable. This page is generated from the Settings classes by
`{COMMAND}`; do not edit it by hand (tests/test_settings_doc.py fails when it is stale).
"""
SECTIONS: list[tuple[str, str, type[BaseModel], str]] = [
    ("Service", "`api/settings.py`", Settings, "ASSAY_"),
    ("Greenhouse", "`api/integrations/settings.py`", GreenhouseSettings, "ASSAY_"),
    ("Lever", "`api/integrations/settings.py`", LeverSettings, "ASSAY_"),
    ("Ashby", "`api/integrations/settings.py`", AshbySettings, "ASSAY_"),
    ("Sandbox", "`sandbox/settings.py`", SandboxSettings, "ASSAY_SANDBOX_"),
]


def _own_fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """The fields ``model`` declares itself (Settings' integration parts get their own sections)."""
    if model is Settings:
        inherited = {name for part in (GreenhouseSettings, LeverSettings, AshbySettings) for name in part.model_fields}
        return {name: f for name, f in model.model_fields.items() if name not in inherited}
    return dict(model.model_fields)


def _default(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Path | str) and str(value) == "":
        return "empty"
    return f"`{value}`"


def _type(field: FieldInfo) -> str:
    if get_origin(field.annotation) is Literal:
        text = " \\| ".join(f"`{choice}`" for choice in get_args(field.annotation))
    else:
        text = getattr(field.annotation, "__name__", None) or str(field.annotation)
        text = text.replace("pathlib.", "").replace("NoneType", "None").replace(" | ", " \\| ")
    bounds = []
    for item in field.metadata:
        for symbol, name in ((">=", "ge"), (">", "gt"), ("<=", "le"), ("<", "lt")):
            if getattr(item, name, None) is not None:
                bounds.append(f"{symbol} {getattr(item, name)}")
    return text + (f" ({', '.join(bounds)})" if bounds else "")


def render() -> str:
    lines = [HEADER]
    for title, source, model, prefix in SECTIONS:
        lines += [f"## {title}", "", f"From {source}.", "", "| variable | type | default | meaning |",
                  "|---|---|---|---|"]
        for name, field in _own_fields(model).items():
            meaning = " ".join((field.description or "").split()).replace("|", "\\|")
            lines.append(f"| `{prefix}{name.upper()}` | {_type(field)} | {_default(field.default)} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/settings.md is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not DOC.exists() or DOC.read_text() != text:
            print(f"docs/settings.md is stale: run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text)
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
