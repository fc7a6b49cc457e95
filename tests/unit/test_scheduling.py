"""make test's units of work (tests/support/scheduling.py): the docker tests are one lane, the browser and
e2e tests another, each run by one worker in order; every other test is a unit of its own."""

from __future__ import annotations

from support.scheduling import LANES, MOVED_TO_PAGES, unit_of


def test_docker_tests_share_one_lane_and_browser_and_e2e_tests_another() -> None:
    docker = unit_of("tests/docker/test_pool.py::test_warm[python3]")
    pages = {unit_of("tests/browser/test_console.py::test_sign_in"),
             unit_of("tests/e2e/test_flow.py::TestFlow::test_submit")}
    assert pages == {LANES["browser"]} and docker == LANES["docker"] and docker not in pages


def test_unit_and_service_tests_are_each_their_own_unit() -> None:
    for nodeid in ("tests/unit/test_scoring.py::test_groups", "tests/service/test_webhooks.py::test_retry[sqlite]",
                   "tests/service/test_docker_free.py::test_x"):
        assert unit_of(nodeid) == nodeid


def test_a_docker_file_moved_to_the_pages_lane_runs_there_whole() -> None:
    for path in MOVED_TO_PAGES:
        assert path.startswith("tests/docker/")
        assert {unit_of(f"{path}::test_a"), unit_of(f"{path}::test_b[x]")} == {LANES["browser"]}
