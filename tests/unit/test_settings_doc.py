"""docs/settings.md is generated from the Settings classes: it must match them, and every setting is
a field of one (nothing in api/ reads an ASSAY_* variable from the environment by itself)."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
while not (ROOT / "pyproject.toml").exists():  # the same test wherever the tests folder puts it
    ROOT = ROOT.parent


def _script():
    spec = importlib.util.spec_from_file_location("settings_doc", ROOT / "scripts" / "settings_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_settings_reference_is_current():
    script = _script()
    committed = (ROOT / "docs" / "settings.md").read_text()
    assert committed == script.render(), f"docs/settings.md is stale: run {script.COMMAND}"


def test_every_setting_is_listed_once():
    text = (ROOT / "docs" / "settings.md").read_text()
    names = re.findall(r"^\| `(ASSAY_[A-Z0-9_]+)` \|", text, re.M)
    assert len(names) == len(set(names))
    assert {"ASSAY_MAX_QUEUED_SUBMISSIONS", "ASSAY_WEBHOOK_SECRET_KEY", "ASSAY_LEVER_API_KEY",
            "ASSAY_SANDBOX_RUNTIME"} <= set(names)


def test_no_module_of_the_service_reads_the_environment_itself():
    readers = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "api").rglob("*.py"))
               if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text())]
    assert readers == [], "settings belong in api.settings.Settings"
