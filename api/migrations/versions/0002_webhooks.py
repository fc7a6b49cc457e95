"""webhooks: endpoints, events (outbox), deliveries, attempts; Greenhouse partner tests

Revision ID: 0002_webhooks
Revises: 0001
Create Date: 2026-11-23 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002_webhooks"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", S(), nullable=False),
        sa.Column("url", S(), nullable=False),
        sa.Column("description", S(), nullable=False),
        sa.Column("event_types", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", S(), nullable=True),
        sa.Column("disabled_at", T(), nullable=True),
        sa.Column("failing_since", T(), nullable=True),
        sa.Column("last_success_at", T(), nullable=True),
        sa.Column("secret_enc", S(), nullable=False),
        sa.Column("previous_secret_enc", S(), nullable=True),
        sa.Column("previous_expires_at", T(), nullable=True),
        sa.Column("secret_rotated_at", T(), nullable=True),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("updated_at", T(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["api_keys.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "webhook_events",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("id", S(), nullable=False),
        sa.Column("type", S(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("invitation_id", S(), nullable=True),
        sa.Column("subject_id", S(), nullable=True),
        sa.Column("dedup_key", S(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.create_index("ix_webhook_events_type", ["type"], unique=False)
        batch_op.create_index("ix_webhook_events_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_webhook_events_invitation_id", ["invitation_id"], unique=False)
        batch_op.create_index("ix_webhook_events_subject_id", ["subject_id"], unique=False)

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", S(), nullable=False),
        sa.Column("endpoint_id", S(), nullable=True),
        sa.Column("target", S(), nullable=False),
        sa.Column("url", S(), nullable=True),
        sa.Column("method", S(), nullable=False),
        sa.Column("status", S(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("trigger", S(), nullable=False),
        sa.Column("next_attempt_at", T(), nullable=False),
        sa.Column("locked_until", T(), nullable=True),
        sa.Column("claim", S(), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", S(), nullable=True),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("updated_at", T(), nullable=False),
        sa.Column("succeeded_at", T(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["webhook_events.id"]),
        sa.ForeignKeyConstraint(["endpoint_id"], ["webhook_endpoints.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "endpoint_id"),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_webhook_deliveries_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index("ix_webhook_deliveries_event_id", ["event_id"], unique=False)
        batch_op.create_index("ix_webhook_deliveries_endpoint_id", ["endpoint_id"], unique=False)
        batch_op.create_index("ix_webhook_deliveries_created_at", ["created_at"], unique=False)

    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", S(), nullable=True),
        sa.Column("event_id", S(), nullable=False),
        sa.Column("event_type", S(), nullable=False),
        sa.Column("url", S(), nullable=False),
        sa.Column("attempted_at", T(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("response_excerpt", S(), nullable=False),
        sa.Column("error", S(), nullable=True),
        sa.Column("trigger", S(), nullable=False),
        sa.ForeignKeyConstraint(["delivery_id"], ["webhook_deliveries.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("webhook_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_webhook_attempts_delivery_id", ["delivery_id"], unique=False)
        batch_op.create_index("ix_webhook_attempts_endpoint_id", ["endpoint_id"], unique=False)
        batch_op.create_index("ix_webhook_attempts_event_id", ["event_id"], unique=False)
        batch_op.create_index("ix_webhook_attempts_attempted_at", ["attempted_at"], unique=False)

    op.create_table(
        "greenhouse_tests",
        sa.Column("invitation_id", S(), nullable=False),
        sa.Column("partner_test_id", S(), nullable=False),
        sa.Column("callback_url", S(), nullable=True),
        sa.Column("greenhouse_profile_url", S(), nullable=True),
        sa.Column("token_enc", S(), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["api_keys.id"]),
        sa.PrimaryKeyConstraint("invitation_id"),
    )


def downgrade() -> None:
    op.drop_table("greenhouse_tests")
    op.drop_table("webhook_attempts")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_events")
    op.drop_table("webhook_endpoints")
