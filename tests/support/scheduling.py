"""How ``make test`` shares the suite among pytest-xdist workers (``-n N --dist loadgroup``): the docker,
browser and e2e tests in two lanes, each a unit of work that one worker runs in collection order, one test
at a time; each unit and service test is a unit of its own, spread over the other workers.

- lane "docker": tests/docker (the sandbox, its images and limits, the graders in it);
- lane "pages": tests/browser and tests/e2e (Chromium, real ``assay serve`` processes, compose, scale-out),
  and the docker files of ``MOVED_TO_PAGES``, which even the lanes' lengths out.

The two lanes run side by side: each test's own sandboxes and containers are told apart by their owner
label (process id), its servers listen on free ports, and its waits are bounded by what it waits for, not
by an assumption that nothing else runs (support.net.wait_for, support.browser.PAGE_WAIT_S). Within a lane
the order is kept: a lane's tests share session fixtures (the sandbox pool, a PostgreSQL server, the
compose project) as they did on one worker.

pytest-xdist's own ``loadgroup`` reads ``xdist_group`` marks and renames the tests' node ids, which
pytest 9.2 no longer lets it do (the marks are silently ignored and the tests spread like ``load``), so
tests/conftest.py puts this scheduler in its place: the lane comes from the test's folder.
"""

from __future__ import annotations

from typing import Any

from xdist.scheduler import LoadScopeScheduling

LANES = {"docker": "lane-docker", "browser": "lane-pages", "e2e": "lane-pages"}
# Docker test files that run in the pages lane, to even the two out. Full runs, 4 workers, the lanes side by
# side: docker 1,534 s and pages 975 s; with the problemtools examples' verify moved (208 s there), docker
# 1,320 s and pages 1,024 s (pytest 1,338 s); the on-demand languages (about 160 s) even them further.
MOVED_TO_PAGES = {"tests/docker/test_kattis_examples_verdicts.py", "tests/docker/test_more_languages.py"}


def unit_of(nodeid: str) -> str:
    """The unit of work of the test ``nodeid`` (``tests/<kind>/test_x.py::test_y[...]``)."""
    if nodeid.split("::", 1)[0] in MOVED_TO_PAGES:
        return LANES["browser"]
    parts = nodeid.split("/", 2)
    if len(parts) > 2 and parts[0] == "tests" and parts[1] in LANES:
        return LANES[parts[1]]
    return nodeid


class LaneScheduling(LoadScopeScheduling):
    """``LoadScopeScheduling`` with the units above; the largest units (the lanes) are handed out first,
    one to each of the first workers."""

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)


class LanePlugin:
    """Registered by tests/conftest.py where pytest-xdist is: the scheduler for ``--dist loadgroup``."""

    def pytest_xdist_make_scheduler(self, config: Any, log: Any) -> Any:
        if config.getvalue("dist") != "loadgroup":
            return None
        return LaneScheduling(config, log)
