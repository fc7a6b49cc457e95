"""`assay users`: the people who sign in to the console. `setup-link` prints a one-time link for a new
admin (the first one, or when every admin is locked out); `list`; `deactivate EMAIL` (their sessions end
at once); `unlock EMAIL` (after too many wrong passwords)."""

from __future__ import annotations

import sys

import click


def _engine_and_settings():  # the CLI's composition root: imports stay inside the commands
    from api.db import make_engine
    from api.migrate import upgrade
    from api.settings import Settings

    settings = Settings()
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    return engine, settings


@click.group("users")
def users() -> None:
    """Staff users (people who sign in to the console)."""


@users.command("setup-link")
def setup_link() -> None:
    """Print a one-time link that makes a new admin account (older unused ones stop working)."""
    from api.people import setup

    engine, settings = _engine_and_settings()
    link = setup.on_demand(engine, settings.resolved_public_url)
    hours = int(link.expires_in.total_seconds() // 3600)
    click.echo(f"Open this link within {hours} hours to create an admin account (it works once):\n{link.url}")


@users.command("list")
def list_users() -> None:
    """Every user: e-mail, name, admin, active, how they sign in."""
    from sqlmodel import Session, col, select

    from api.people.models import User

    engine, _ = _engine_and_settings()
    with Session(engine) as session:
        rows = session.exec(select(User).order_by(col(User.email))).all()
    for user in rows:
        how = ", ".join(filter(None, ["password" if user.password_hash else "", "SSO" if user.oidc_subject else "",
                                      "2FA" if user.totp_secret_enc else ""]))
        click.echo(f"{user.email}\t{user.name}\t{'admin' if user.is_admin else '-'}\t"
                   f"{'active' if user.active else 'deactivated'}\t{how or 'no sign-in yet'}")


@users.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Deactivate a user: no more sign-in, and every session of theirs ends at once."""
    from sqlmodel import Session

    from api import audit
    from api.people import users as people

    engine, _ = _engine_and_settings()
    with Session(engine) as session:
        user = people.by_email(session, email)
        if user is None:
            click.echo(f"assay users: no user {email}", err=True)
            sys.exit(2)
        people.deactivate(session, user)
        audit.record(session, "cli: assay users deactivate", "user.deactivated", "user", user.id, email=user.email)
        session.commit()
    click.echo(f"{email} deactivated; their sessions have ended")


@users.command("unlock")
@click.argument("email")
def unlock(email: str) -> None:
    """Lift the lock that too many wrong passwords put on an account."""
    from sqlmodel import Session

    from api.people import users as people

    engine, _ = _engine_and_settings()
    with Session(engine) as session:
        user = people.by_email(session, email)
        if user is None:
            click.echo(f"assay users: no user {email}", err=True)
            sys.exit(2)
        user.failed_logins, user.locked_until = 0, None
        session.add(user)
        session.commit()
    click.echo(f"{email} unlocked")
