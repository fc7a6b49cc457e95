"""`assay privacy purge`: erase the personal data of invitations past the retention period."""

from __future__ import annotations

import sys

import click


@click.group("privacy")
def privacy() -> None:
    """Candidate-data governance."""


@privacy.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="retention in days (default: ASSAY_RETENTION_DAYS)")
@click.option("--dry-run", is_flag=True, help="list what would be erased; change nothing")
def purge(days: int | None, dry_run: bool) -> None:
    """Erase names, emails, ATS references and code of invitations created more than DAYS days ago
    that are over (scores and verdicts stay). Recorded in the audit log."""
    from api import wiring
    from api.db import make_engine
    from api.migrate import upgrade
    from api.services import retention
    from api.settings import Settings

    settings = Settings()
    days = days if days is not None else settings.retention_days
    if days <= 0:
        click.echo("assay privacy purge: no retention period: pass --days N or set ASSAY_RETENTION_DAYS", err=True)
        sys.exit(2)
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    wiring.build(engine, settings)  # the erasers of the mail outbox and the ATS integrations run too
    ids = retention.purge(engine, days, actor="cli: assay privacy purge", dry_run=dry_run)
    verb = "would erase" if dry_run else "erased"
    click.echo(f"{verb} the personal data of {len(ids)} invitation(s) older than {days} days")
    for invitation_id in ids:
        click.echo(f"  {invitation_id}")
