"""Ashby end to end with a real grading: the graded score reaches a fake Ashby (support/fake_ats.py).
The rest of the Ashby integration: tests/service/test_ashby.py."""

from __future__ import annotations

import pytest
from support.fake_ats import ashby_world, complete_ashby_assessment
from support.net import wait_for


@pytest.fixture
def ashby(tmp_path):
    with ashby_world(tmp_path) as world:
        yield world


def test_graded_score_reaches_ashby(docker_api, ashby):
    service, fake, _, ats_key, assessment_id = ashby
    assessment = fake.start(assessment_id).json()["results"]["assessment_id"]
    complete_ashby_assessment(service, ats_key, assessment, submit=True)
    wait_for(lambda: fake.results(), 30, what="assessment.update")
    body = fake.results()[-1]["body"]
    assert body["assessment_result"]["value"] == 100.0
    assert {"identifier": "problem_echo-sum", "label": "Echo Sum", "type": "string", "value": "100 / 100"} in \
        body["metadata"]
