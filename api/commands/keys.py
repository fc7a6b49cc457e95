"""`assay keys create --role ROLE`: make a staff API key (printed once); `assay keys revoke ID`."""

from __future__ import annotations

import sys

import click

from api.security import ROLES


def _engine():
    from api.db import make_engine
    from api.migrate import upgrade
    from api.settings import Settings

    engine = make_engine(Settings().resolved_database_url)
    upgrade(engine)
    return engine


@click.group("keys")
def keys() -> None:
    """Staff API keys."""


@keys.command("create")
@click.option("--role", required=True, type=click.Choice(ROLES), help="what the key may do")
@click.option("--name", default="", help="a label for listings")
@click.option("--quiet", "-q", is_flag=True, help="print the key only")
@click.option("--expires-in-days", type=click.FloatRange(min=0, min_open=True), default=None,
              help="the key stops working this many days from now (default: never)")
def create(role: str, name: str, quiet: bool, expires_in_days: float | None) -> None:
    """Create a key; it is printed once and stored only as a hash."""
    from datetime import timedelta

    from sqlmodel import Session

    from api.models import utcnow
    from api.services.keys import create_key

    expires_at = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
    with Session(_engine()) as session:
        key, secret = create_key(session, role, name, expires_at)
        from api import audit

        audit.record(session, "cli: assay keys create", "key.created", "key", key.id, role=role, prefix=key.prefix,
                     expires_at=expires_at.isoformat() if expires_at else None)
        session.commit()
        key_id = key.id
    if quiet:
        click.echo(secret)
    else:
        click.echo(f"key {key_id} ({role}): {secret}\nstore it now: it is not shown again", err=False)


@keys.command("revoke")
@click.argument("key_id", type=int)
def revoke(key_id: int) -> None:
    """Revoke a key by id."""
    from sqlmodel import Session

    from api.models import ApiKey, utcnow

    with Session(_engine()) as session:
        key = session.get(ApiKey, key_id)
        if key is None:
            click.echo(f"assay keys: no key {key_id}", err=True)
            sys.exit(2)
        if key.revoked_at is None:
            from api import audit

            key.revoked_at = utcnow()
            audit.record(session, "cli: assay keys revoke", "key.revoked", "key", key.id, role=key.role,
                         prefix=key.prefix)
        session.add(key)
        session.commit()
    click.echo(f"key {key_id} revoked")
