"""ATS checks: Lever webhook tokens remembered with a hash of their body (replay); one Greenhouse test per
callback URL (two identical concurrent send_test calls make one invitation); an Ashby assessment
started again after a cancel makes a new row (the one-per-application rule holds for live rows only)

Revision ID: 0017_ats_checks
Revises: 0016_code_comments
Create Date: 2026-12-07 13:00:00

- ``lever_webhook_tokens``: new table;
- ``greenhouse_tests.callback_url``: a unique index (NULLs apart). send_test already answered an
  existing callback URL with its test, so only a race could have stored one twice: the later rows of
  such a URL lose it (NULL) before the index is made, and the first test keeps its PATCH;
- ``ashby_assessments``: the unique constraint (application_id, assessment_type_id) becomes a unique
  index of the same columns WHERE cancelled_at IS NULL (SQLite and PostgreSQL both have partial
  indexes). The constraint had no name: PostgreSQL named it ``<table>_<columns>_key``; SQLite drops it
  with a batch copy of the table (it has no triggers), its foreign keys made again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0017_ats_checks"
down_revision: str | None = "0016_code_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime
ASHBY_UNIQUE = "ashby_assessments_application_id_assessment_type_id_key"
LIVE = sa.text("cancelled_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "lever_webhook_tokens",
        sa.Column("token", S(), nullable=False),
        sa.Column("body_hash", S(), nullable=False),
        sa.Column("received_at", T(), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_index("ix_lever_webhook_tokens_received_at", "lever_webhook_tokens", ["received_at"])

    op.execute("""UPDATE greenhouse_tests SET callback_url = NULL WHERE callback_url IS NOT NULL AND EXISTS (
        SELECT 1 FROM greenhouse_tests AS first WHERE first.callback_url = greenhouse_tests.callback_url
        AND (first.created_at < greenhouse_tests.created_at OR (first.created_at = greenhouse_tests.created_at
             AND first.invitation_id < greenhouse_tests.invitation_id)))""")
    op.create_index("ix_greenhouse_tests_callback_url", "greenhouse_tests", ["callback_url"], unique=True)

    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("ashby_assessments", recreate="always",
                                  naming_convention={"uq": "%(table_name)s_%(column_0_N_name)s_key"}) as batch:
            batch.drop_constraint(ASHBY_UNIQUE, type_="unique")
    else:
        op.drop_constraint(ASHBY_UNIQUE, "ashby_assessments", type_="unique")
    op.create_index("ix_ashby_assessments_live", "ashby_assessments", ["application_id", "assessment_type_id"],
                    unique=True, sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    op.drop_index("ix_ashby_assessments_live", table_name="ashby_assessments")
    with op.batch_alter_table("ashby_assessments") as batch:
        batch.create_unique_constraint(ASHBY_UNIQUE, ["application_id", "assessment_type_id"])
    op.drop_index("ix_greenhouse_tests_callback_url", table_name="greenhouse_tests")
    op.drop_index("ix_lever_webhook_tokens_received_at", table_name="lever_webhook_tokens")
    op.drop_table("lever_webhook_tokens")
