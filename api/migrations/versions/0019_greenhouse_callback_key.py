"""Greenhouse: the PATCH to the callback URL authenticates as Greenhouse's documentation says, with the
same HTTP Basic API key Greenhouse uses on its calls to Assay: send_test keeps that key, encrypted, with
the test (greenhouse_tests.callback_key_enc)

Revision ID: 0019_greenhouse_callback_key
Revises: 0018_report_key_hash
Create Date: 2026-12-07 13:10:00

A plain ADD COLUMN (NULL for the tests sent before: their PATCH carries ASSAY_GREENHOUSE_CALLBACK_KEY
when set, as before).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0019_greenhouse_callback_key"
down_revision: str | None = "0018_report_key_hash"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column("greenhouse_tests", sa.Column("callback_key_enc", S(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("greenhouse_tests") as batch:
        batch.drop_column("callback_key_enc")
