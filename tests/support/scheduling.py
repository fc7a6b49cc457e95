"""How ``make test`` shares the suite among pytest-xdist workers (``-n N --dist loadgroup``): every docker,
browser and e2e test in one unit of work, "serial", that one worker runs in collection order, one test at
a time as with no workers at all (they share the Docker engine, the sandbox images and the cores, and their
time limits assume nothing else heavy runs beside them); each unit and service test is a unit of its own,
spread over the other workers.

pytest-xdist's own ``loadgroup`` reads ``xdist_group`` marks and renames the tests' node ids, which
pytest 9.2 no longer lets it do (the marks are silently ignored and the tests spread like ``load``), so
tests/conftest.py puts this scheduler in its place: the group comes from the test's folder.
"""

from __future__ import annotations

from typing import Any

from xdist.scheduler import LoadScopeScheduling

SERIAL_KINDS = ("docker", "browser", "e2e")
SERIAL = "serial"


def unit_of(nodeid: str) -> str:
    """The unit of work of the test ``nodeid`` (``tests/<kind>/test_x.py::test_y[...]``)."""
    parts = nodeid.split("/", 2)
    if len(parts) > 2 and parts[0] == "tests" and parts[1] in SERIAL_KINDS:
        return SERIAL
    return nodeid


class SerialKindsScheduling(LoadScopeScheduling):
    """``LoadScopeScheduling`` with the units above; the largest unit (serial) is handed out first."""

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)


class SerialKindsPlugin:
    """Registered by tests/conftest.py where pytest-xdist is: the scheduler for ``--dist loadgroup``."""

    def pytest_xdist_make_scheduler(self, config: Any, log: Any) -> Any:
        if config.getvalue("dist") != "loadgroup":
            return None
        return SerialKindsScheduling(config, log)
