"""staff mail: e-mails to staff (a teammate's invitation to a hiring team, a password reset) go through
the same outbox as candidates' e-mails: emails.invitation_id may be NULL, emails.link_enc keeps the
e-mailed link encrypted until it is sent, emails.details the facts the message states

Revision ID: 0014_staff_mail
Revises: 0013_teams
Create Date: 2026-12-07 05:40:00

Plain ADD COLUMNs; invitation_id NOT NULL -> NULL is an ALTER on PostgreSQL and a batch copy of the
table on SQLite (it cannot change a column's nullability in place). The emails table has no triggers
(only audit_log has: 0003_reviewer), so the copy loses nothing; its indexes and foreign key are made
again by the batch.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0014_staff_mail"
down_revision: str | None = "0013_teams"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column("emails", sa.Column("link_enc", S(), nullable=True))
    op.add_column("emails", sa.Column("details", sa.JSON(), nullable=True))
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.alter_column("invitation_id", existing_type=S(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM emails WHERE invitation_id IS NULL")  # staff e-mails: the old schema has no room
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.alter_column("invitation_id", existing_type=S(), nullable=False)
        batch_op.drop_column("details")
        batch_op.drop_column("link_enc")
