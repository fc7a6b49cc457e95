"""Reviewing together (issue 21): a scorecard per assessment, reviewers assigned to a candidate, each
scoring alone and blind to the others until they submit, the spread and disagreements, and the summary
the decision and the ATS read.

- ``models``: the tables (migration 0020_reviews);
- ``scorecards``: an assessment's criteria (1-4 scale, guidance per level), with a default;
- ``assignments``: who reviews which candidate, by when; what is due and overdue;
- ``scoring``: a reviewer's review (submitted, edited with its history kept) and who may see what;
- ``summary``: per-criterion spread, disagreements, the overall mean and the suggestion of a pass
  threshold (it may only suggest advance: nothing is rejected automatically);
- ``hooks``: listeners other parts register (e-mails, the ATS) for "assigned", "submitted", "all in".
"""
