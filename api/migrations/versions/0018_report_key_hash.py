"""report keys hashed: candidate_report_keys keeps a SHA-256 of each rpt_ key (key_hash) instead of the key,
and when it expires (expires_at: the end of the retention period; NULL for the keys made before)

Revision ID: 0018_report_key_hash
Revises: 0017_ats_checks
Create Date: 2026-12-07 13:10:00

The keys stored in clear text are hashed here, so their links keep working; then the report_key column
(and its unique constraint) goes. The constraint had no name: PostgreSQL named it
``candidate_report_keys_report_key_key`` and drops it with the column; SQLite drops it with a batch copy of
the table (it has no triggers), its foreign key made again. Downgrade cannot bring the keys back: their
rows go (those links stop working).
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0018_report_key_hash"
down_revision: str | None = "0017_ats_checks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime
TABLE = "candidate_report_keys"
OLD_UNIQUE = "candidate_report_keys_report_key_key"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("key_hash", S(), nullable=True))
    op.add_column(TABLE, sa.Column("expires_at", T(), nullable=True))
    keys = sa.table(TABLE, sa.column("invitation_id", S()), sa.column("report_key", S()),
                    sa.column("key_hash", S()))
    connection = op.get_bind()
    for invitation_id, report_key in connection.execute(sa.select(keys.c.invitation_id, keys.c.report_key)).all():
        connection.execute(keys.update().where(keys.c.invitation_id == invitation_id)
                           .values(key_hash=hashlib.sha256(report_key.encode()).hexdigest()))
    if connection.dialect.name == "sqlite":
        with op.batch_alter_table(TABLE, recreate="always",
                                  naming_convention={"uq": "%(table_name)s_%(column_0_N_name)s_key"}) as batch:
            batch.drop_constraint(OLD_UNIQUE, type_="unique")
            batch.drop_column("report_key")
            batch.alter_column("key_hash", existing_type=S(), nullable=False)
    else:
        op.drop_column(TABLE, "report_key")
        op.alter_column(TABLE, "key_hash", existing_type=S(), nullable=False)
    op.create_index("ix_candidate_report_keys_key_hash", TABLE, ["key_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_candidate_report_keys_key_hash", table_name=TABLE)
    op.execute(f"DELETE FROM {TABLE}")  # the keys cannot be recovered from their hashes
    with op.batch_alter_table(TABLE, schema=None) as batch:
        batch.add_column(sa.Column("report_key", S(), nullable=False))
        batch.create_unique_constraint(OLD_UNIQUE, ["report_key"])
        batch.drop_column("expires_at")
        batch.drop_column("key_hash")
