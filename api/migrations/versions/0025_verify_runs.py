"""Authoring in the console (issue 25): the runs of "Verify" on a problem version, with their progress

Revision ID: 0025_verify_runs
Revises: 0024_pools
Create Date: 2026-12-07 15:00:00

problem_verify_runs: one row per "Verify" an author started on a problem version: its state, progress
(test cases done of all), the submission being graded and the report (every reference submission's
verdict) as it fills in, so the page shows it wherever the author comes back from.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0025_verify_runs"
down_revision: str | None = "0024_pools"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "problem_verify_runs",
        sa.Column("id", S(), nullable=False),
        sa.Column("problem_version_id", sa.Integer(), nullable=False),
        sa.Column("slug", S(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", S(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("current", S(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("error", S(), nullable=False),
        sa.Column("started_by", S(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["problem_version_id"], ["problem_versions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_problem_verify_runs_problem_version_id", "problem_verify_runs", ["problem_version_id"])


def downgrade() -> None:
    op.drop_index("ix_problem_verify_runs_problem_version_id", "problem_verify_runs")
    op.drop_table("problem_verify_runs")
