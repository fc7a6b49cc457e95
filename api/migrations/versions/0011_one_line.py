"""one line: the merge of every branch the history had (0003 to 0008 off 0001, 0009 and 0010 off 0002)

Revision ID: 0011_one_line
Revises: 0003_reviewer, 0004_jobqueue, 0005_candidate_app, 0006_mail, 0007_key_expiry, 0008_analytics,
    0009_lever, 0010_ashby
Create Date: 2026-12-07 05:00:00

Nothing changes in the schema. A database at any earlier state (one branch, several, or all of them)
upgrades to here through `upgrade head`: alembic applies the branches it lacks, then this. From here on
every revision follows one line: its `down_revision` is the head before it (README, "Migrations";
tests/test_migrations.py fails on a second head).
"""

from collections.abc import Sequence

revision: str = "0011_one_line"
down_revision: str | Sequence[str] | None = (
    "0003_reviewer",
    "0004_jobqueue",
    "0005_candidate_app",
    "0006_mail",
    "0007_key_expiry",
    "0008_analytics",
    "0009_lever",
    "0010_ashby",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
