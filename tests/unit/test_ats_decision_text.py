"""What an ATS is told of a decision (api/integrations/decision.py): the Lever note and the flat metadata
of Greenhouse's test_status and Ashby's assessment.update, from the decision.recorded example."""

from __future__ import annotations

from api.integrations import decision
from api.integrations.ashby import decision_update_body
from api.webhooks import events as ev

DATA = ev.DecisionRecordedData.model_validate(ev.EXAMPLES["decision.recorded"]).model_dump(mode="json")


def test_the_lever_note_gives_the_decision_first_then_reason_score_reviews_and_link():
    lines = decision.note_text(DATA).splitlines()
    assert lines[0] == "Assay decision: Advance (by Rita Recruiter <rita@acme.example>, 2026-11-23 14:05 UTC)."
    assert lines[1] == "Reason: Clean, tested solution; both reviewers recommend the on-site."
    assert lines[2] == "Score: 80%"
    assert lines[3] == "Reviews: 2 of 2 submitted, overall mean 3.25 / 4"
    assert lines[4] == "- Correctness: mean 3.5 / 4, spread 1"
    assert lines[-2] == "Recommendations: Yes 1, Strong yes 1"
    assert lines[-1].startswith("Report: https://assay.example.com/v1/invitations/")


def test_metadata_is_flat_primitives_and_ashby_data_have_unique_identifiers():
    flat = decision.metadata(DATA)
    assert flat["Decision"] == "Advance" and flat["Reviews"] == "2 / 2"
    assert all(isinstance(v, str | int | float | bool) or v is None for v in flat.values())
    body = decision_update_body(DATA)
    assert body["assessment_id"] == "9b2f0c1e-5d8a-4f67-b1c2-d3e4f5a6b7c8"
    identifiers = [d["identifier"] for d in body["metadata"]]
    assert len(identifiers) == len(set(identifiers))
    assert {d["type"] for d in body["metadata"]} <= {"string", "numeric_score"}
    assert body["assessment_result"]["value"] == 80.0 and body["assessment_status"]["value"] == "Completed"
